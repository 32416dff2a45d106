using System.Buffers;

namespace OrleansVector.Index.Ivf;

/// <summary>The lists of an IVF index: per coarse cluster, the codes (vectors, SQ8 or PQ codes) and ids of its rows.</summary>
internal sealed class InvertedLists<TCode>
    where TCode : unmanaged
{
    public InvertedLists(int nlist, int codeStride)
    {
        CodeStride = codeStride;
        Lists = new RowStore<TCode>[nlist];
        for (var i = 0; i < nlist; i++)
        {
            Lists[i] = new RowStore<TCode>(codeStride);
        }
    }

    private InvertedLists(int codeStride, RowStore<TCode>[] lists)
    {
        CodeStride = codeStride;
        Lists = lists;
    }

    public int CodeStride { get; }

    public RowStore<TCode>[] Lists { get; }

    public int Count => Lists.Sum(l => l.Count);

    public long MemoryBytes => Lists.Sum(l => l.MemoryBytes);

    /// <summary>Appends rows to their lists (grouped, so each list grows once per call).</summary>
    public void Append(ReadOnlySpan<TCode> codes, ReadOnlySpan<long> ids, ReadOnlySpan<int> assignment)
    {
        var n = ids.Length;
        var order = ArrayPool<int>.Shared.Rent(n);
        var starts = new int[Lists.Length + 1];
        foreach (var list in assignment)
        {
            starts[list + 1]++;
        }

        for (var i = 0; i < Lists.Length; i++)
        {
            starts[i + 1] += starts[i];
        }

        var next = (int[])starts.Clone();
        for (var row = 0; row < n; row++)
        {
            order[next[assignment[row]]++] = row;
        }

        var groupCodes = ArrayPool<TCode>.Shared.Rent(Math.Max(1, n * CodeStride));
        var groupIds = ArrayPool<long>.Shared.Rent(Math.Max(1, n));
        try
        {
            for (var list = 0; list < Lists.Length; list++)
            {
                var size = starts[list + 1] - starts[list];
                if (size == 0)
                {
                    continue;
                }

                for (var i = 0; i < size; i++)
                {
                    var row = order[starts[list] + i];
                    codes.Slice(row * CodeStride, CodeStride).CopyTo(groupCodes.AsSpan(i * CodeStride));
                    groupIds[i] = ids[row];
                }

                Lists[list].Append(groupCodes.AsSpan(0, size * CodeStride), groupIds.AsSpan(0, size));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<TCode>.Shared.Return(groupCodes);
            ArrayPool<long>.Shared.Return(groupIds);
        }
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(Lists.Length);
        foreach (var list in Lists)
        {
            list.Save(writer);
        }
    }

    public static InvertedLists<TCode> Load(BinaryReader reader, int codeStride, int expectedLists)
    {
        var count = reader.ReadInt32();
        if (count != expectedLists)
        {
            throw new InvalidDataException($"IVF holds {count} lists, expected {expectedLists}.");
        }

        var lists = new RowStore<TCode>[count];
        for (var i = 0; i < count; i++)
        {
            lists[i] = RowStore<TCode>.Load(reader, codeStride);
        }

        return new InvertedLists<TCode>(codeStride, lists);
    }
}
