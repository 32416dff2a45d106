namespace OrleansVector.Query.Evaluation;

/// <summary>Validity and presence masks, where an empty mask means "every row".</summary>
internal static class Masks
{
    /// <summary>Rows set in both masks.</summary>
    public static ReadOnlyMemory<ulong> Both(EvaluationContext context, ReadOnlyMemory<ulong> a, ReadOnlyMemory<ulong> b)
    {
        if (a.IsEmpty)
        {
            return b;
        }

        if (b.IsEmpty)
        {
            return a;
        }

        var both = context.RentBits();
        a.Span.CopyTo(both.Span);
        Bits.And(both.Span, b.Span);
        return both;
    }

    /// <summary>A writable copy of <paramref name="mask"/> (all rows when it is empty).</summary>
    public static Memory<ulong> Copy(EvaluationContext context, ReadOnlyMemory<ulong> mask)
    {
        var copy = context.RentBits();
        (mask.IsEmpty ? context.AllRows : mask).Span.CopyTo(copy.Span);
        return copy;
    }

    /// <summary>Applies a vector's masks to a comparison result: data holds only where the row is valid and present.</summary>
    public static void Apply(Truth result, in NumericVector vector)
    {
        result.SetValidity(vector.Valid.Span);
        result.MaskDataByValidity();
        if (!vector.Present.IsEmpty)
        {
            Bits.And(result.Data, vector.Present.Span);
        }
    }
}
