using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Routing;
using OrleansVector.Grains.Rows;
using OrleansVector.Query;

namespace OrleansVector.Grains.Collection;

/// <summary>
/// Chooses partitions: by name, or with a partition key by the key's hash modulo the partition count, as Milvus does
/// (partition i is <c>_default_i</c>).
/// </summary>
internal sealed class PartitionRouter(CollectionInfo collection, SchemaView schema)
{
    public const string DefaultPartition = "_default";

    private readonly PartitionInfo[] _keyPartitions = schema.PartitionKey is null ? [] : KeyPartitions(collection);

    /// <summary>The partition of every row of an insert.</summary>
    public long[] PartitionsOf(ValidatedRows rows, string partitionName)
    {
        var result = new long[rows.RowCount];
        if (schema.PartitionKey is not { } key)
        {
            Array.Fill(result, Named(string.IsNullOrEmpty(partitionName) ? DefaultPartition : partitionName).Id);
            return result;
        }
        if (!string.IsNullOrEmpty(partitionName))
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Collection '{collection.Name}' routes rows by partition key '{key.Name}'; a partition name ('{partitionName}') cannot be given.");
        }
        var column = rows.Column(key.Name);
        for (var row = 0; row < result.Length; row++)
        {
            var hash = column.Scalars.DataCase == ScalarField.DataOneofCase.LongData
                ? StableHash.Hash(column.Scalars.LongData.Data[row])
                : StableHash.Hash(column.Scalars.StringData.Data[row]);
            result[row] = _keyPartitions[hash % (uint)_keyPartitions.Length].Id;
        }
        return result;
    }

    /// <summary>The partitions a read may touch: the named ones (all when none), narrowed by partition-key values the filter pins.</summary>
    public List<long> ReadScope(IEnumerable<string> partitionNames, FilterPlan? filter)
    {
        List<long> named = [.. partitionNames.Select(name => Named(name).Id)];
        if (schema.PartitionKey is not null && named.Count > 0)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Collection '{collection.Name}' uses a partition key; partition names cannot be given.");
        }
        if (filter?.Pruning.PartitionKeys is { } keys && _keyPartitions.Length > 0)
        {
            return [.. keys.Select(k => _keyPartitions[Hash(k) % (uint)_keyPartitions.Length].Id).Distinct()];
        }
        return named;
    }

    public PartitionInfo Named(string name) => collection.Partitions.FirstOrDefault(p => p.Name == name)
        ?? throw new MilvusException(MilvusErrorCode.PartitionNotFound, $"Partition '{name}' of collection '{collection.Name}' does not exist.");

    private static uint Hash(FilterValue value) => value.Kind == FilterValueKind.String ? StableHash.Hash(value.AsString) : StableHash.Hash(value.AsInt64);

    private static PartitionInfo[] KeyPartitions(CollectionInfo collection)
    {
        var byName = collection.Partitions.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var count = collection.NumPartitions > 0 ? collection.NumPartitions : collection.Partitions.Count;
        return [.. Enumerable.Range(0, count).Select(i => byName.TryGetValue($"{DefaultPartition}_{i}", out var p) ? p : collection.Partitions[i])];
    }
}
