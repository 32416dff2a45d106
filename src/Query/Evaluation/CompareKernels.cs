using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using OrleansVector.Query.Planning;

namespace OrleansVector.Query.Evaluation;

/// <summary>
/// Comparisons of a numeric span against a constant or another span, 64 rows per output word, with Vector256
/// lanes (32 Int8, 8 Int32, 4 Int64/Double...) turned into bits by their sign masks. The operator and the right
/// operand are struct type parameters so each combination compiles to its own loop without calls.
/// </summary>
internal static class CompareKernels
{
    public static void Compare<T>(CompareOp op, ReadOnlySpan<T> values, T constant, Span<ulong> destination)
        where T : unmanaged, INumber<T> =>
        Dispatch(op, values, new Broadcast<T>(constant), destination);

    public static void Compare<T>(CompareOp op, ReadOnlySpan<T> left, ReadOnlySpan<T> right, Span<ulong> destination)
        where T : unmanaged, INumber<T> =>
        Dispatch(op, left, new Lanes<T>(right), destination);

    private static void Dispatch<T, TRight>(CompareOp op, ReadOnlySpan<T> left, TRight right, Span<ulong> destination)
        where T : unmanaged, INumber<T>
        where TRight : IOperand<T>, allows ref struct
    {
        switch (op)
        {
            case CompareOp.Equal: Run<T, Eq, TRight>(left, right, destination); break;
            case CompareOp.NotEqual: Run<T, Ne, TRight>(left, right, destination); break;
            case CompareOp.Less: Run<T, Lt, TRight>(left, right, destination); break;
            case CompareOp.LessEqual: Run<T, Le, TRight>(left, right, destination); break;
            case CompareOp.Greater: Run<T, Gt, TRight>(left, right, destination); break;
            default: Run<T, Ge, TRight>(left, right, destination); break;
        }
    }

    private static void Run<T, TOp, TRight>(ReadOnlySpan<T> left, TRight right, Span<ulong> destination)
        where T : unmanaged, INumber<T>
        where TOp : struct, IComparison
        where TRight : IOperand<T>, allows ref struct
    {
        var rows = left.Length;
        var fullWords = rows >> 6;
        ref var source = ref MemoryMarshal.GetReference(left);
        var lanes = Vector256<T>.Count;
        for (var w = 0; w < fullWords; w++)
        {
            ulong word = 0;
            var baseRow = (nuint)(w << 6);
            for (var k = 0; k < 64; k += lanes)
            {
                var at = baseRow + (nuint)k;
                word |= (ulong)TOp.Apply(Vector256.LoadUnsafe(ref source, at), right.Vector(at)).ExtractMostSignificantBits() << k;
            }

            destination[w] = word;
        }

        if ((rows & 63) != 0)
        {
            ulong word = 0;
            for (int i = fullWords << 6, bit = 0; i < rows; i++, bit++)
            {
                word |= TOp.Apply(left[i], right.Scalar(i)) ? 1UL << bit : 0;
            }

            destination[fullWords] = word;
        }
    }

    /// <summary>The right-hand side of a comparison: one value for every row, or one per row.</summary>
    private interface IOperand<T>
        where T : unmanaged
    {
        Vector256<T> Vector(nuint at);

        T Scalar(int at);
    }

    private readonly struct Broadcast<T>(T value) : IOperand<T>
        where T : unmanaged
    {
        private readonly Vector256<T> _vector = Vector256.Create(value);

        public Vector256<T> Vector(nuint at) => _vector;

        public T Scalar(int at) => value;
    }

    private readonly ref struct Lanes<T>(ReadOnlySpan<T> values) : IOperand<T>
        where T : unmanaged
    {
        private readonly ReadOnlySpan<T> _values = values;

        public Vector256<T> Vector(nuint at) => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_values), at);

        public T Scalar(int at) => _values[at];
    }

    private interface IComparison
    {
        static abstract bool Apply<T>(T a, T b) where T : INumber<T>;

        static abstract Vector256<T> Apply<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged;
    }

    private readonly struct Eq : IComparison
    {
        public static bool Apply<T>(T a, T b) where T : INumber<T> => a == b;

        public static Vector256<T> Apply<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged => Vector256.Equals(a, b);
    }

    private readonly struct Ne : IComparison
    {
        public static bool Apply<T>(T a, T b) where T : INumber<T> => a != b;

        public static Vector256<T> Apply<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged => ~Vector256.Equals(a, b);
    }

    private readonly struct Lt : IComparison
    {
        public static bool Apply<T>(T a, T b) where T : INumber<T> => a < b;

        public static Vector256<T> Apply<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged => Vector256.LessThan(a, b);
    }

    private readonly struct Le : IComparison
    {
        public static bool Apply<T>(T a, T b) where T : INumber<T> => a <= b;

        public static Vector256<T> Apply<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged => Vector256.LessThanOrEqual(a, b);
    }

    private readonly struct Gt : IComparison
    {
        public static bool Apply<T>(T a, T b) where T : INumber<T> => a > b;

        public static Vector256<T> Apply<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged => Vector256.GreaterThan(a, b);
    }

    private readonly struct Ge : IComparison
    {
        public static bool Apply<T>(T a, T b) where T : INumber<T> => a >= b;

        public static Vector256<T> Apply<T>(Vector256<T> a, Vector256<T> b) where T : unmanaged => Vector256.GreaterThanOrEqual(a, b);
    }
}
