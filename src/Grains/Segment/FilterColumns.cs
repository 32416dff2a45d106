using System.Text;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Query.Columns;

namespace OrleansVector.Grains.Segment;

/// <summary>Converts a stored column (wire layout, full length) into the columnar form the filter evaluator reads.</summary>
internal static class FilterColumns
{
    public static Column From(FieldData column, int rows)
    {
        var validity = column.ValidData.Count == 0 ? ReadOnlyMemory<ulong>.Empty : Column.ValidityFrom([.. column.ValidData]);
        return column.Type == DataType.Array ? FromArray(column.Scalars.ArrayData, rows, validity) : FromScalars(column.Type, column.Scalars, validity);
    }

    private static Column FromScalars(DataType type, ScalarField scalars, ReadOnlyMemory<ulong> validity) => type switch
    {
        DataType.Bool => new PrimitiveColumn<bool>(scalars.BoolData.Data.ToArray(), validity),
        DataType.Int8 => new PrimitiveColumn<sbyte>(scalars.IntData.Data.Select(v => (sbyte)v).ToArray(), validity),
        DataType.Int16 => new PrimitiveColumn<short>(scalars.IntData.Data.Select(v => (short)v).ToArray(), validity),
        DataType.Int32 => new PrimitiveColumn<int>(scalars.IntData.Data.ToArray(), validity),
        DataType.Int64 => new PrimitiveColumn<long>(scalars.LongData.Data.ToArray(), validity),
        DataType.Float => new PrimitiveColumn<float>(scalars.FloatData.Data.ToArray(), validity),
        DataType.Double => new PrimitiveColumn<double>(scalars.DoubleData.Data.ToArray(), validity),
        DataType.VarChar or DataType.String => Utf8(scalars.StringData.Data.Select(Encoding.UTF8.GetBytes).ToList(), validity),
        DataType.Json => Utf8(scalars.JsonData.Data.Select(b => b.ToByteArray()).ToList(), validity),
        _ => throw new ArgumentException($"Filters cannot read {type} columns."),
    };

    private static ArrayColumn FromArray(ArrayArray arrays, int rows, ReadOnlyMemory<ulong> validity)
    {
        var offsets = new int[rows + 1];
        var builder = new Rows.FieldDataBuilder(new FieldData { Type = arrays.ElementType, FieldName = "element" }, nullable: false);
        for (var row = 0; row < rows; row++)
        {
            var items = arrays.Data[row];
            var count = items.ValueCount;
            var wrapper = new FieldData { Type = arrays.ElementType, Scalars = items };
            for (var i = 0; i < count; i++)
            {
                builder.Append(wrapper, i);
            }
            offsets[row + 1] = offsets[row] + count;
        }
        var element = builder.Build();
        return new ArrayColumn(offsets, FromScalars(arrays.ElementType, element.Scalars, ReadOnlyMemory<ulong>.Empty), validity);
    }

    private static BinaryColumn Utf8(List<byte[]> rows, ReadOnlyMemory<ulong> validity)
    {
        var (offsets, data) = Rows.Utf8Rows.Concatenate(rows);
        return new BinaryColumn(offsets, data, validity);
    }
}
