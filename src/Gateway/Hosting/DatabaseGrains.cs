using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Coordinator;
using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Gateway.Hosting;

/// <summary>The grains a database silo hosts: the coordinator and the data path (collections, shards, segments, index builds).</summary>
public static class DatabaseGrains
{
    public static SiloBuilder AddTo(SiloBuilder builder) => builder.AddCoordinatorGrains().AddDataPathGrains();
}
