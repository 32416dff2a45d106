using OrleansVector.Kernels;

namespace OrleansVector.Index;

/// <summary>
/// Milvus's range-search window translated to internal distances (smaller is closer): keep Lower &lt;= d &lt; Upper.
/// L2/HAMMING/JACCARD: range_filter &lt;= d &lt; radius. IP/COSINE (internal d = -similarity): radius &lt; s &lt;= range_filter.
/// </summary>
internal readonly record struct RangeBounds(float Lower, float Upper)
{
    public bool Contains(float distance) => distance >= Lower && distance < Upper;

    public static RangeBounds From(MetricType metric, SearchParameters parameters)
    {
        if (parameters.Radius is not { } radius)
        {
            throw new IndexParameterException("radius", "a finite number", "Range search needs the 'radius' search parameter.");
        }

        var largerIsCloser = Metrics.LargerIsCloser(metric);
        if (parameters.RangeFilter is { } filter)
        {
            if (largerIsCloser ? filter <= radius : filter >= radius)
            {
                var relation = largerIsCloser ? "greater" : "less";
                throw new IndexParameterException("range_filter", $"{relation} than radius",
                    $"Search parameter 'range_filter' = {filter} must be {relation} than 'radius' = {radius} for metric {Metrics.MilvusName(metric)}.");
            }
        }

        return largerIsCloser
            ? new RangeBounds(parameters.RangeFilter is { } f ? -f : float.NegativeInfinity, -radius)
            : new RangeBounds(parameters.RangeFilter ?? float.NegativeInfinity, radius);
    }
}
