using System.Buffers;

namespace OrleansVector.Index.Sparse;

/// <summary>
/// The drop ratios of sparse indexes (drop_ratio_build, drop_ratio_search): of a vector's n values, the ⌊ratio·n⌋ of
/// smallest magnitude are ignored. Returns the smallest magnitude kept; values below it are dropped (ties are kept).
/// </summary>
internal static class MagnitudeCut
{
    public static float Threshold(ReadOnlySpan<float> values, float ratio)
    {
        var dropped = (int)(ratio * values.Length);
        if (dropped == 0)
        {
            return 0f;
        }

        var magnitudes = ArrayPool<float>.Shared.Rent(values.Length);
        try
        {
            var span = magnitudes.AsSpan(0, values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                span[i] = Math.Abs(values[i]);
            }

            span.Sort();
            return span[dropped];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(magnitudes);
        }
    }
}
