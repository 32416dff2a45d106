using System.Text.Json;
using OrleansVector.Query.Evaluation;
using OrleansVector.Query.Schema;

namespace OrleansVector.Query.Planning;

/// <summary>A numeric field as a vector: Int64 and Double columns are used in place, narrower ones widened.</summary>
internal sealed class NumericColumnNode(int position, FieldRef field)
    : NumericExpr(position, DataTypes.IsInteger(field.Field.DataType) ? NumericKind.Int : NumericKind.Float)
{
    public FieldRef Field { get; } = field;

    public override NumericVector Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates)
    {
        switch (Field.Field.DataType)
        {
            case DataType.Int64:
                {
                    var column = context.Primitive<long>(Field);
                    return NumericVector.Of(column.Values, column.Validity);
                }

            case DataType.Double:
                {
                    var column = context.Primitive<double>(Field);
                    return NumericVector.Of(column.Values, column.Validity);
                }

            case DataType.Int32: return Widen(context, context.Primitive<int>(Field));
            case DataType.Int16: return Widen(context, context.Primitive<short>(Field));
            case DataType.Int8: return Widen(context, context.Primitive<sbyte>(Field));
            default:
                {
                    var column = context.Primitive<float>(Field);
                    var values = context.RentDoubles();
                    var source = column.Values.Span;
                    for (var i = 0; i < source.Length; i++)
                    {
                        values[i] = source[i];
                    }

                    return NumericVector.Of(values.AsMemory(0, source.Length), column.Validity);
                }
        }
    }

    private static NumericVector Widen<T>(EvaluationContext context, Columns.PrimitiveColumn<T> column)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var values = context.RentLongs();
        var source = column.Values.Span;
        for (var i = 0; i < source.Length; i++)
        {
            values[i] = long.CreateTruncating(source[i]);
        }

        return NumericVector.Of(values.AsMemory(0, source.Length), column.Validity);
    }
}

/// <summary>A numeric constant spread over the batch (used when it meets a vector in arithmetic).</summary>
internal sealed class NumericConstantNode(int position, FilterValue value)
    : NumericExpr(position, value.Kind == FilterValueKind.Int64 ? NumericKind.Int : NumericKind.Float)
{
    public FilterValue Value { get; } = value;

    public override NumericVector Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates)
    {
        if (Kind == NumericKind.Int)
        {
            var values = context.RentLongs().AsMemory(0, context.Rows);
            values.Span.Fill(Value.AsInt64);
            return NumericVector.Of(values);
        }

        var doubles = context.RentDoubles().AsMemory(0, context.Rows);
        doubles.Span.Fill(Value.AsDouble);
        return NumericVector.Of(doubles);
    }
}

/// <summary><c>left op right</c> over two vectors; Int64 when both are, Double otherwise (and always for <c>**</c>).</summary>
internal sealed class ArithmeticNode(int position, ArithmeticOp op, NumericExpr left, NumericExpr right)
    : NumericExpr(position, op != ArithmeticOp.Power && left.Kind == NumericKind.Int && right.Kind == NumericKind.Int ? NumericKind.Int : NumericKind.Float)
{
    public ArithmeticOp Op { get; } = op;

    public NumericExpr Left { get; } = left;

    public NumericExpr Right { get; } = right;

    public override NumericVector Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates)
    {
        var a = Left.Evaluate(context, candidates);
        var b = Right.Evaluate(context, candidates);
        var valid = Masks.Both(context, a.Valid, b.Valid);
        var rows = context.Rows;
        if (Kind == NumericKind.Int)
        {
            var present = Masks.Copy(context, Masks.Both(context, a.Present, b.Present));
            var x = a.Longs.Span;
            var y = b.Longs.Span;
            var values = context.RentLongs();
            var mask = present.Span;
            for (var i = 0; i < rows; i++)
            {
                if (!Arithmetic.TryApply(Op, x[i], y[i], out values[i]))
                {
                    Bits.Clear(mask, i);
                }
            }

            return NumericVector.Of(values.AsMemory(0, rows), valid, present);
        }

        var p = NumericVectors.AsDoubles(context, a).Span;
        var q = NumericVectors.AsDoubles(context, b).Span;
        var result = context.RentDoubles();
        for (var i = 0; i < rows; i++)
        {
            result[i] = Arithmetic.Apply(Op, p[i], q[i]);
        }

        return NumericVector.Of(result.AsMemory(0, rows), valid, Masks.Both(context, a.Present, b.Present));
    }
}

/// <summary>Unary minus and bitwise not.</summary>
internal sealed class NegateNode(int position, NumericExpr operand, bool bitwise) : NumericExpr(position, operand.Kind)
{
    public NumericExpr Operand { get; } = operand;

    public bool Bitwise { get; } = bitwise;

    public override NumericVector Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates)
    {
        var v = Operand.Evaluate(context, candidates);
        var rows = context.Rows;
        if (Kind == NumericKind.Int)
        {
            var source = v.Longs.Span;
            var values = context.RentLongs();
            for (var i = 0; i < rows; i++)
            {
                values[i] = Bitwise ? ~source[i] : unchecked(-source[i]);
            }

            return v with { Longs = values.AsMemory(0, rows) };
        }

        var doubles = v.Doubles.Span;
        var negated = context.RentDoubles();
        for (var i = 0; i < rows; i++)
        {
            negated[i] = -doubles[i];
        }

        return v with { Doubles = negated.AsMemory(0, rows) };
    }
}

/// <summary><c>array_length(f)</c> of an Array field (from its offsets) or of a JSON array at a path.</summary>
internal sealed class ArrayLengthNode : NumericExpr
{
    private readonly FieldRef? _array;
    private readonly JsonPath? _json;

    public ArrayLengthNode(int position, FieldRef array)
        : base(position, NumericKind.Int) => _array = array;

    public ArrayLengthNode(int position, JsonPath json)
        : base(position, NumericKind.Int) => _json = json;

    public override NumericVector Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates)
    {
        var values = context.RentLongs();
        if (_array is not null)
        {
            var column = context.Array(_array);
            var offsets = column.Offsets.Span;
            for (var i = 0; i < column.Length; i++)
            {
                values[i] = offsets[i + 1] - offsets[i];
            }

            return NumericVector.Of(values.AsMemory(0, context.Rows), column.Validity);
        }

        return JsonVectors.Read(context, candidates, _json!, values, static (in JsonElement e, out long length) =>
        {
            length = e.ValueKind == JsonValueKind.Array ? e.GetArrayLength() : 0;
            return e.ValueKind == JsonValueKind.Array;
        });
    }
}

/// <summary><c>f[i]</c> of a numeric Array field; rows whose array is shorter have no value.</summary>
internal sealed class ArrayElementNumericNode(int position, FieldRef array, int index)
    : NumericExpr(position, DataTypes.IsInteger(array.Field.ElementType) ? NumericKind.Int : NumericKind.Float)
{
    public override NumericVector Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates)
    {
        var column = context.Array(array);
        var present = context.RentBits();
        var rows = context.Rows;
        if (Kind == NumericKind.Int)
        {
            var values = context.RentLongs();
            switch (array.Field.ElementType)
            {
                case DataType.Int8: NumericVectors.Gather<sbyte, long>(column, index, values, present.Span); break;
                case DataType.Int16: NumericVectors.Gather<short, long>(column, index, values, present.Span); break;
                case DataType.Int32: NumericVectors.Gather<int, long>(column, index, values, present.Span); break;
                default: NumericVectors.Gather<long, long>(column, index, values, present.Span); break;
            }

            return NumericVector.Of(values.AsMemory(0, rows), column.Validity, present);
        }

        var doubles = context.RentDoubles();
        if (array.Field.ElementType == DataType.Float)
        {
            NumericVectors.Gather<float, double>(column, index, doubles, present.Span);
        }
        else
        {
            NumericVectors.Gather<double, double>(column, index, doubles, present.Span);
        }

        return NumericVector.Of(doubles.AsMemory(0, rows), column.Validity, present);
    }
}

/// <summary>
/// A JSON path used in arithmetic: its number as a Double, or as an Int64 for the integer-only operators (then
/// only integral JSON numbers have a value). Rows where it holds no such number have no value.
/// </summary>
internal sealed class JsonNumberNode(int position, JsonPath path, NumericKind kind) : NumericExpr(position, kind)
{
    public JsonPath Path { get; } = path;

    public override NumericVector Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates) => Kind == NumericKind.Int
        ? JsonVectors.Read(context, candidates, Path, context.RentLongs(), static (in JsonElement e, out long number) =>
        {
            number = 0;
            return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out number);
        })
        : JsonVectors.Read(context, candidates, Path, context.RentDoubles(), static (in JsonElement e, out double number) =>
        {
            number = e.ValueKind == JsonValueKind.Number ? e.GetDouble() : 0;
            return e.ValueKind == JsonValueKind.Number;
        });
}
