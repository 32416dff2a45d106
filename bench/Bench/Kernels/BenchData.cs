namespace OrleansVector.Bench.Kernels;

/// <summary>Deterministic inputs for the kernel suites.</summary>
internal static class BenchData
{
    public static float[] Floats(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
