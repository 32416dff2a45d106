namespace OrleansVector.Query.Pruning;

/// <summary>
/// What a plan tells the engine before it reads any row: the primary keys a matching row must have (point
/// lookups), the partition-key values it must have, the range each field's value must lie in (to skip segments
/// by their min/max statistics), and whether no row can match at all.
/// </summary>
public sealed class PruningInfo
{
    internal PruningInfo(bool alwaysFalse, IReadOnlyList<FilterValue>? primaryKeys, IReadOnlyList<FilterValue>? partitionKeys, IReadOnlyDictionary<string, ValueRange> ranges)
    {
        AlwaysFalse = alwaysFalse;
        PrimaryKeys = primaryKeys;
        PartitionKeys = partitionKeys;
        Ranges = ranges;
    }

    /// <summary>True when the expression can match no row (e.g. <c>false</c>, <c>id in []</c>).</summary>
    public bool AlwaysFalse { get; }

    /// <summary>The only primary keys a matching row can have, sorted; null when the expression does not restrict them.</summary>
    public IReadOnlyList<FilterValue>? PrimaryKeys { get; }

    /// <summary>The only partition-key values a matching row can have, sorted; null when unrestricted.</summary>
    public IReadOnlyList<FilterValue>? PartitionKeys { get; }

    /// <summary>Per field, the range a matching row's (non-null) value lies in; fields without one are absent.</summary>
    public IReadOnlyDictionary<string, ValueRange> Ranges { get; }

    /// <summary>Whether a segment whose <paramref name="field"/> values lie in [min, max] may hold a matching row.</summary>
    public bool MayMatch(string field, FilterValue min, FilterValue max) =>
        !AlwaysFalse && (!Ranges.TryGetValue(field, out var range) || range.Overlaps(min, max));
}
