namespace OrleansVector.Query.Evaluation;

/// <summary>Whether a numeric expression computes in Int64 or in Double.</summary>
internal enum NumericKind
{
    Int,
    Float,
}

/// <summary>
/// A numeric expression's values for every row of a batch, as Int64 or Double. <see cref="Valid"/> clears null rows,
/// <see cref="Present"/> clears rows without a value (missing JSON key, index out of range, division by zero);
/// either is empty when it would be all ones. Values of cleared rows are unspecified.
/// </summary>
internal readonly record struct NumericVector(
    NumericKind Kind,
    ReadOnlyMemory<long> Longs,
    ReadOnlyMemory<double> Doubles,
    ReadOnlyMemory<ulong> Valid,
    ReadOnlyMemory<ulong> Present)
{
    public static NumericVector Of(ReadOnlyMemory<long> values, ReadOnlyMemory<ulong> valid = default, ReadOnlyMemory<ulong> present = default) =>
        new(NumericKind.Int, values, default, valid, present);

    public static NumericVector Of(ReadOnlyMemory<double> values, ReadOnlyMemory<ulong> valid = default, ReadOnlyMemory<ulong> present = default) =>
        new(NumericKind.Float, default, values, valid, present);
}
