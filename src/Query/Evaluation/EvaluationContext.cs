using System.Buffers;
using System.Text.Json;
using OrleansVector.Query.Columns;
using OrleansVector.Query.Planning;
using OrleansVector.Query.Schema;

namespace OrleansVector.Query.Evaluation;

/// <summary>
/// The state of one plan evaluation over one batch: the columns resolved and type-checked once, every buffer
/// rented from the array pools (returned on dispose), and the parsed JSON documents — each JSON row is parsed at
/// most once, and only when a predicate needs that row.
/// </summary>
internal sealed class EvaluationContext : IDisposable
{
    private readonly ColumnBatch _batch;
    private readonly Column?[] _columns;
    private readonly JsonRows?[] _json;
    private readonly List<ulong[]> _bits = [];
    private readonly List<long[]> _longs = [];
    private readonly List<double[]> _doubles = [];

    public EvaluationContext(ColumnBatch batch, int fieldCount)
    {
        _batch = batch;
        Rows = batch.RowCount;
        Words = Columns.Column.WordCount(Rows);
        _columns = new Column?[fieldCount];
        _json = new JsonRows?[fieldCount];
        var all = RentBits();
        Bits.SetAll(all.Span, Rows);
        AllRows = all;
    }

    public int Rows { get; }

    public int Words { get; }

    /// <summary>A bitset with every row set.</summary>
    public ReadOnlyMemory<ulong> AllRows { get; }

    /// <summary>A cleared bitset of exactly <see cref="Words"/> words.</summary>
    public Memory<ulong> RentBits()
    {
        var array = ArrayPool<ulong>.Shared.Rent(Math.Max(Words, 1));
        _bits.Add(array);
        var bits = array.AsMemory(0, Words);
        bits.Span.Clear();
        return bits;
    }

    public long[] RentLongs()
    {
        var array = ArrayPool<long>.Shared.Rent(Math.Max(Rows, 1));
        _longs.Add(array);
        return array;
    }

    public double[] RentDoubles()
    {
        var array = ArrayPool<double>.Shared.Rent(Math.Max(Rows, 1));
        _doubles.Add(array);
        return array;
    }

    public Truth RentTruth() => new(RentBits(), RentBits(), Rows);

    public PrimitiveColumn<T> Primitive<T>(FieldRef field) where T : unmanaged => (PrimitiveColumn<T>)Resolve(field);

    public BinaryColumn Binary(FieldRef field) => (BinaryColumn)Resolve(field);

    public ArrayColumn Array(FieldRef field) => (ArrayColumn)Resolve(field);

    public Column Column(FieldRef field) => Resolve(field);

    /// <summary>The parsed JSON document of <paramref name="row"/> (Null when the field is null, Missing when the bytes are not JSON).</summary>
    public ValueState Json(FieldRef field, int row, out JsonElement root)
    {
        var rows = _json[field.Ordinal] ??= new JsonRows(Binary(field));
        return rows.Get(row, out root);
    }

    public void Dispose()
    {
        foreach (var array in _bits)
        {
            ArrayPool<ulong>.Shared.Return(array);
        }

        foreach (var array in _longs)
        {
            ArrayPool<long>.Shared.Return(array);
        }

        foreach (var array in _doubles)
        {
            ArrayPool<double>.Shared.Return(array);
        }

        foreach (var rows in _json)
        {
            rows?.Dispose();
        }
    }

    private Column Resolve(FieldRef field)
    {
        if (_columns[field.Ordinal] is { } cached)
        {
            return cached;
        }

        var column = _batch.GetColumn(field.Name);
        if (!Fits(column, field.Field.DataType, field.Field.ElementType))
        {
            throw new ArgumentException($"The column for field '{field.Name}' is a {column.GetType().Name}, which cannot hold {Describe(field.Field)}.");
        }

        return _columns[field.Ordinal] = column;
    }

    private static bool Fits(Column column, DataType type, DataType elementType) => type switch
    {
        DataType.Bool => column is PrimitiveColumn<bool>,
        DataType.Int8 => column is PrimitiveColumn<sbyte>,
        DataType.Int16 => column is PrimitiveColumn<short>,
        DataType.Int32 => column is PrimitiveColumn<int>,
        DataType.Int64 => column is PrimitiveColumn<long>,
        DataType.Float => column is PrimitiveColumn<float>,
        DataType.Double => column is PrimitiveColumn<double>,
        DataType.VarChar or DataType.String or DataType.Json => column is BinaryColumn,
        DataType.Array => column is ArrayColumn array && Fits(array.Elements, elementType, DataType.None),
        _ => false,
    };

    private static string Describe(FieldSchema field) =>
        field.DataType == DataType.Array ? $"Array of {field.ElementType}" : field.DataType.ToString();

    /// <summary>Lazily parsed documents of one JSON column.</summary>
    private sealed class JsonRows(BinaryColumn column) : IDisposable
    {
        private const byte Unparsed = 0;
        private const byte Parsed = 1;
        private const byte Invalid = 2;

        private readonly JsonDocument?[] _documents = RentCleared<JsonDocument?>(column.Length);
        private readonly byte[] _states = RentCleared<byte>(column.Length);

        public ValueState Get(int row, out JsonElement root)
        {
            root = default;
            if (!column.IsValid(row))
            {
                return ValueState.Null;
            }

            if (_states[row] == Unparsed)
            {
                try
                {
                    _documents[row] = JsonDocument.Parse(column.GetMemory(row));
                    _states[row] = Parsed;
                }
                catch (JsonException)
                {
                    _states[row] = Invalid;
                }
            }

            if (_states[row] == Invalid)
            {
                return ValueState.Missing;
            }

            root = _documents[row]!.RootElement;
            return ValueState.Present;
        }

        public void Dispose()
        {
            for (var i = 0; i < column.Length; i++)
            {
                _documents[i]?.Dispose();
            }

            ArrayPool<JsonDocument?>.Shared.Return(_documents, clearArray: true);
            ArrayPool<byte>.Shared.Return(_states);
        }

        private static T[] RentCleared<T>(int length)
        {
            var array = ArrayPool<T>.Shared.Rent(Math.Max(length, 1));
            System.Array.Clear(array, 0, length);
            return array;
        }
    }
}
