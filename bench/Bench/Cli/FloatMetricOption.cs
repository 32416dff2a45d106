using OrleansVector.Kernels;

namespace OrleansVector.Bench.Cli;

/// <summary>A --metric value: one of the float metrics, since the runner reads float vector files.</summary>
internal static class FloatMetricOption
{
    public static MetricType Parse(string text, string option)
    {
        MetricType metric;
        try
        {
            metric = Metrics.Parse(text);
        }
        catch (ArgumentException)
        {
            metric = MetricType.Hamming;
        }
        return Metrics.IsBinary(metric)
            ? throw new UsageException($"--{option} '{text}' is not a float metric; valid metrics are L2, IP, COSINE")
            : metric;
    }
}
