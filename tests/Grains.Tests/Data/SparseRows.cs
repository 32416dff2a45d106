using System.Buffers.Binary;
using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Tests.Data;

/// <summary>
/// Generated sparse rows (SPLADE-like: 0..24 non-zeros over 300 dimensions, skewed to low ids, positive values) in
/// Milvus's pair encoding, and the brute-force inner product the search results are checked against.
/// </summary>
internal sealed class SparseRows
{
    private readonly SortedDictionary<uint, float>[] _rows;

    public SparseRows(int count, int seed)
    {
        var random = new Random(seed);
        _rows = new SortedDictionary<uint, float>[count];
        for (var r = 0; r < count; r++)
        {
            var row = new SortedDictionary<uint, float>();
            var length = random.Next(25);
            while (row.Count < length)
            {
                row[(uint)(random.NextDouble() * random.NextDouble() * 300)] = (float)(1 - random.NextDouble());
            }
            _rows[r] = row;
        }
    }

    public int Count => _rows.Length;

    public static ByteString Encode(IReadOnlyDictionary<uint, float> row)
    {
        var bytes = new byte[row.Count * 8];
        var at = 0;
        foreach (var (index, value) in row)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), index);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at + 4), value);
            at += 8;
        }
        return ByteString.CopyFrom(bytes);
    }

    public ByteString Encoded(int row) => Encode(_rows[row]);

    /// <summary>The column of rows start .. start+count-1 as an insert carries it.</summary>
    public FieldData Column(string name, int start, int count)
    {
        var sparse = new SparseFloatArray();
        for (var r = start; r < start + count; r++)
        {
            sparse.Contents.Add(Encoded(r));
            sparse.Dim = Math.Max(sparse.Dim, _rows[r].Count == 0 ? 0 : _rows[r].Keys.Max() + 1L);
        }
        return new FieldData { FieldName = name, Type = DataType.SparseFloatVector, Vectors = new VectorField { Dim = sparse.Dim, SparseFloatVector = sparse } };
    }

    public double Dot(int row, IReadOnlyDictionary<uint, float> query) =>
        _rows[row].Sum(pair => query.TryGetValue(pair.Key, out var value) ? (double)pair.Value * value : 0);

    public IReadOnlyDictionary<uint, float> Row(int row) => _rows[row];

    /// <summary>
    /// Asserts a top-k answer is exact over <paramref name="live"/> rows: as many hits as live rows scoring above 0 (up to
    /// k), each hit's score its brute-force score, the score at each rank the brute-force ranking's (ties may swap ids).
    /// </summary>
    public void AssertExact(IReadOnlyDictionary<uint, float> query, IEnumerable<int> live, int k, IReadOnlyList<long> ids, IReadOnlyList<float> scores)
    {
        var ranking = live.Select(r => Dot(r, query)).Where(s => s > 1e-6).OrderDescending().Take(k).ToList();
        var allowed = live.ToHashSet();
        Assert.Equal(ranking.Count, ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Contains((int)ids[i], allowed);
            Assert.Equal(Dot((int)ids[i], query), scores[i], 1e-4);
            Assert.Equal(ranking[i], scores[i], 1e-4);
        }
    }
}
