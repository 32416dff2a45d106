using OrleansVector.Index.Serialization;

namespace OrleansVector.Index;

/// <summary>
/// A growable row-major block of fixed-width rows (vectors or codes) with their ids. One writer at a time (the index
/// serializes writers); readers take a <see cref="Snapshot"/>, which never changes under them: rows are written before
/// a new snapshot publishes the new count, and growth copies into new arrays.
/// </summary>
internal sealed class RowStore<T>
    where T : unmanaged
{
    private volatile Snapshot current;

    public RowStore(int stride, int capacity = 0)
    {
        Stride = stride;
        current = new Snapshot(new T[(long)capacity * stride], new long[capacity], 0);
    }

    private RowStore(int stride, Snapshot snapshot)
    {
        Stride = stride;
        current = snapshot;
    }

    /// <summary>Elements per row.</summary>
    public int Stride { get; }

    public int Count => current.Count;

    public Snapshot Current => current;

    public long MemoryBytes
    {
        get
        {
            var snapshot = current;
            return ((long)snapshot.Data.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()) + (snapshot.Ids.Length * sizeof(long));
        }
    }

    public void Append(ReadOnlySpan<T> rows, ReadOnlySpan<long> ids)
    {
        var snapshot = current;
        var count = snapshot.Count + ids.Length;
        var data = snapshot.Data;
        var idArray = snapshot.Ids;
        if (count > idArray.Length)
        {
            var capacity = Math.Max(count, Math.Min(Array.MaxLength / Math.Max(Stride, 1), Math.Max(16, idArray.Length * 2)));
            data = new T[(long)capacity * Stride];
            idArray = new long[capacity];
            snapshot.Data.AsSpan(0, snapshot.Count * Stride).CopyTo(data);
            snapshot.Ids.AsSpan(0, snapshot.Count).CopyTo(idArray);
        }

        rows.CopyTo(data.AsSpan(snapshot.Count * Stride));
        ids.CopyTo(idArray.AsSpan(snapshot.Count));
        current = new Snapshot(data, idArray, count);
    }

    public void Save(BinaryWriter writer)
    {
        var snapshot = current;
        writer.Write(Stride);
        writer.WriteArray<T>(snapshot.Data.AsSpan(0, snapshot.Count * Stride));
        writer.WriteArray<long>(snapshot.Ids.AsSpan(0, snapshot.Count));
    }

    public static RowStore<T> Load(BinaryReader reader, int expectedStride)
    {
        var stride = reader.ReadInt32();
        if (stride != expectedStride)
        {
            throw new InvalidDataException($"A row block has {stride} elements per row, expected {expectedStride}.");
        }

        var data = reader.ReadArray<T>();
        var ids = reader.ReadArray<long>();
        if ((long)ids.Length * stride != data.Length)
        {
            throw new InvalidDataException($"A row block holds {data.Length} elements for {ids.Length} rows of {stride}.");
        }

        return new RowStore<T>(stride, new Snapshot(data, ids, ids.Length));
    }

    /// <summary>The rows visible to a reader: the first Count rows of Data (Stride elements each) and of Ids.</summary>
    internal sealed class Snapshot(T[] data, long[] ids, int count)
    {
        public T[] Data { get; } = data;

        public long[] Ids { get; } = ids;

        public int Count { get; } = count;

        public ReadOnlySpan<T> Rows(int stride) => Data.AsSpan(0, Count * stride);

        public ReadOnlySpan<long> RowIds => Ids.AsSpan(0, Count);
    }
}
