namespace OrleansVector.Index.Datasets;

/// <summary>
/// Standard normal samples by the Box–Muller transform over a seeded <see cref="Random"/>, whose seeded sequence is
/// stable across .NET versions and platforms — so generated data sets are the same everywhere for a seed.
/// </summary>
internal sealed class GaussianRandom(int seed)
{
    private readonly Random _uniform = new(seed);
    private double _spare;
    private bool _hasSpare;

    public Random Uniform => _uniform;

    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        // 1 - NextDouble() is in (0, 1], so the logarithm is finite.
        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - _uniform.NextDouble()));
        var angle = 2.0 * Math.PI * _uniform.NextDouble();
        _spare = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }
}
