using System.Runtime.InteropServices;
using OrleansVector.Index.Serialization;

namespace OrleansVector.Index.Hnsw;

internal sealed unsafe partial class HnswGraph
{
    public void Save(BinaryWriter writer)
    {
        var s = storage;
        var n = Count;
        writer.Write(M);
        writer.Write(EfConstruction);
        writer.Write(seed);
        writer.Write(n);
        writer.Write(Volatile.Read(ref entry));
        writer.WriteArray<byte>(s.Level0.AsSpan(0, n * Stride));
        writer.WriteArray<long>(s.Ids.AsSpan(0, n));
        for (var node = 0; node < n; node++)
        {
            writer.WriteArray<int>(s.Upper[node] ?? []);
        }
    }

    public static HnswGraph Load(BinaryReader reader, int dimension)
    {
        var m = reader.ReadInt32();
        var efConstruction = reader.ReadInt32();
        var seed = reader.ReadUInt64();
        var n = reader.ReadInt32();
        var entry = reader.ReadInt64();
        if (m < HnswParameters.MinM || m > HnswParameters.MaxM || efConstruction < 1 || n < 0)
        {
            throw new InvalidDataException($"HNSW header is invalid (M = {m}, efConstruction = {efConstruction}, count = {n}).");
        }

        var graph = new HnswGraph(dimension, m, efConstruction, seed, n);
        var s = graph.storage;
        var level0Length = reader.ReadInt32();
        if (level0Length != (long)n * graph.Stride)
        {
            throw new InvalidDataException($"HNSW level 0 holds {level0Length} bytes, expected {(long)n * graph.Stride}.");
        }

        reader.BaseStream.ReadExactly(s.Level0.AsSpan(0, level0Length));
        var ids = reader.ReadArray<long>();
        if (ids.Length != n)
        {
            throw new InvalidDataException($"HNSW holds {ids.Length} ids for {n} nodes.");
        }

        ids.CopyTo(s.Ids.AsSpan());
        for (var node = 0; node < n; node++)
        {
            var length = reader.ReadInt32();
            if (length < 0 || length % (1 + m) != 0)
            {
                throw new InvalidDataException($"HNSW node {node} has an upper-level list of {length} entries.");
            }

            if (length > 0)
            {
                var upper = GC.AllocateArray<int>(length, pinned: true);
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(upper.AsSpan()));
                s.Upper[node] = upper;
            }
        }

        graph.count = n;
        graph.entry = entry;
        graph.Validate();
        return graph;
    }

    /// <summary>Checks every stored neighbour id, so a bad file cannot send a search outside the graph.</summary>
    private void Validate()
    {
        var s = storage;
        var n = Count;
        var (entryNode, top) = UnpackEntry(entry);
        if (n > 0 && (entryNode < 0 || entryNode >= n || top != LevelOf(s, entryNode, M)))
        {
            throw new InvalidDataException($"HNSW entry point {entryNode} (level {top}) is invalid for {n} nodes.");
        }

        for (var node = 0; node < n; node++)
        {
            var levels = LevelOf(s, node, M);
            for (var level = 0; level <= levels; level++)
            {
                var list = List(s, node, level);
                var size = *list;
                if (size < 0 || size > (level == 0 ? MaxM0 : M))
                {
                    throw new InvalidDataException($"HNSW node {node} has {size} neighbours at level {level}.");
                }

                for (var i = 1; i <= size; i++)
                {
                    if ((uint)list[i] >= (uint)n || LevelOf(s, list[i], M) < level)
                    {
                        throw new InvalidDataException($"HNSW node {node} links to invalid node {list[i]} at level {level}.");
                    }
                }
            }
        }
    }
}
