using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansVector.Grains.Compaction;
using OrleansVector.Grains.IndexBuilder;
using OrleansVector.Grains.Interfaces.Compaction;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Indexing;
using OrleansVector.Grains.Interfaces.Segments;
using OrleansVector.Grains.Interfaces.Shards;
using OrleansVector.Grains.Segment;
using OrleansVector.Grains.Shard;
using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Grains.Collection;

/// <summary>
/// Registers the data path's grains on a silo: collections, shards, sealed segments, the index builder and the compactor. The silo must
/// also register one <see cref="Hosting.DatabaseStorage"/> singleton and the coordinator.
/// </summary>
public static class DataPathHosting
{
    public static SiloBuilder AddDataPathGrains(this SiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DataPathOptions>();
        builder.Services.AddSingleton<IValidateOptions<DataPathOptions>, DataPathOptionsValidator>();
        return builder
            .AddGrain<ICollectionGrain, CollectionGrain>()
            .AddGrain<IShardGrain, ShardGrain>()
            .AddGrain<ISegmentGrain, SegmentGrain>()
            .AddGrain<IIndexBuilderGrain, IndexBuilderGrain>()
            .AddGrain<ICompactorGrain, CompactorGrain>();
    }
}
