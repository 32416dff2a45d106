using System.Text.Json;
using OrleansVector.Query.Planning;

namespace OrleansVector.Query.Evaluation;

/// <summary>Turns the value at a JSON path into a number, or reports that it has none.</summary>
internal delegate bool JsonNumberReader<T>(in JsonElement element, out T value);

/// <summary>Numeric vectors read from a JSON path, for the candidate rows only.</summary>
internal static class JsonVectors
{
    public static NumericVector Read(EvaluationContext context, ReadOnlySpan<ulong> candidates, JsonPath path, long[] values, JsonNumberReader<long> reader)
    {
        var (valid, present) = Fill(context, candidates, path, values, reader);
        return NumericVector.Of(values.AsMemory(0, context.Rows), valid, present);
    }

    public static NumericVector Read(EvaluationContext context, ReadOnlySpan<ulong> candidates, JsonPath path, double[] values, JsonNumberReader<double> reader)
    {
        var (valid, present) = Fill(context, candidates, path, values, reader);
        return NumericVector.Of(values.AsMemory(0, context.Rows), valid, present);
    }

    private static (Memory<ulong> Valid, Memory<ulong> Present) Fill<T>(EvaluationContext context, ReadOnlySpan<ulong> candidates, JsonPath path, T[] values, JsonNumberReader<T> reader)
    {
        var valid = Masks.Copy(context, default);
        var present = context.RentBits();
        foreach (var row in Bits.Rows(candidates))
        {
            switch (path.Read(context, row, out var element))
            {
                case ValueState.Null:
                    Bits.Clear(valid.Span, row);
                    break;
                case ValueState.Present when reader(element, out values[row]):
                    Bits.Set(present.Span, row);
                    break;
            }
        }

        return (valid, present);
    }
}
