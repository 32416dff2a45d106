namespace OrleansVector.Index;

/// <summary>A result row: an id and its internal distance (smaller is closer). Orders by distance, then id.</summary>
internal readonly record struct Neighbor(long Id, float Distance) : IComparable<Neighbor>
{
    public int CompareTo(Neighbor other)
    {
        var byDistance = Distance.CompareTo(other.Distance);
        return byDistance != 0 ? byDistance : Id.CompareTo(other.Id);
    }
}
