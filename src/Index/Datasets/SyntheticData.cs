namespace OrleansVector.Index.Datasets;

/// <summary>
/// Deterministic synthetic vectors: for one (kind, dim, seed, options) the distribution is fixed, and
/// <see cref="Generate"/> draws independent samples from it per stream — so base vectors (stream
/// <see cref="BaseStream"/>) and queries (stream <see cref="QueryStream"/>) share clusters but not points.
/// </summary>
public sealed class SyntheticData
{
    public const int BaseStream = 0;
    public const int QueryStream = 1;

    private readonly ClusteredDataOptions _options;
    private readonly int _latentDim;
    private readonly float[] _centres = [];     // clusters x latent, row-major
    private readonly float[] _projection = [];  // latent x dim, row-major

    public SyntheticData(SyntheticKind kind, int dim, int seed, ClusteredDataOptions? options = null)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"unknown kind; valid kinds are {string.Join(", ", Enum.GetNames<SyntheticKind>())}");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        _options = options ?? new ClusteredDataOptions();
        _options.Validate();
        Kind = kind;
        Dim = dim;
        Seed = seed;
        _latentDim = Math.Min(_options.IntrinsicDim, dim);
        if (kind == SyntheticKind.Clustered)
        {
            var model = new GaussianRandom(StreamSeed(seed, -1));
            _centres = Sample(model, _options.Clusters * _latentDim, _options.CentreSpread);
            _projection = Sample(model, _latentDim * dim, 1.0 / Math.Sqrt(_latentDim));
        }
    }

    public SyntheticKind Kind { get; }

    public int Dim { get; }

    public int Seed { get; }

    /// <summary>Clustered data with default options, the base-vector stream.</summary>
    public static VectorArray<float> Clustered(int count, int dim, int seed, ClusteredDataOptions? options = null) =>
        new SyntheticData(SyntheticKind.Clustered, dim, seed, options).Generate(count, BaseStream);

    /// <summary>Uniform [0, 1) data, the base-vector stream.</summary>
    public static VectorArray<float> Uniform(int count, int dim, int seed) =>
        new SyntheticData(SyntheticKind.Uniform, dim, seed).Generate(count, BaseStream);

    /// <summary><paramref name="count"/> vectors of stream <paramref name="stream"/>; the same arguments always give the same vectors.</summary>
    public VectorArray<float> Generate(int count, int stream)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(stream);
        if ((long)count * Dim > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count x dim must be at most {Array.MaxLength}");
        }
        var data = new float[count * Dim];
        var random = new GaussianRandom(StreamSeed(Seed, stream));
        if (Kind == SyntheticKind.Uniform)
        {
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = random.Uniform.NextSingle();
            }
        }
        else
        {
            var latent = new double[_latentDim];
            for (var i = 0; i < count; i++)
            {
                SampleClustered(random, latent, data.AsSpan(i * Dim, Dim));
            }
        }
        return new VectorArray<float>(data, count, Dim);
    }

    private void SampleClustered(GaussianRandom random, Span<double> latent, Span<float> row)
    {
        var centre = _centres.AsSpan(random.Uniform.Next(_options.Clusters) * _latentDim, _latentDim);
        for (var l = 0; l < latent.Length; l++)
        {
            latent[l] = centre[l] + (_options.ClusterSpread * random.Next());
        }
        for (var j = 0; j < row.Length; j++)
        {
            var value = _options.Noise * random.Next();
            for (var l = 0; l < latent.Length; l++)
            {
                value += latent[l] * _projection[(l * Dim) + j];
            }
            row[j] = (float)value;
        }
    }

    private static float[] Sample(GaussianRandom random, int length, double scale)
    {
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(scale * random.Next());
        }
        return values;
    }

    /// <summary>Mixes the seed and a stream number so streams are independent (a fixed, documented formula).</summary>
    private static int StreamSeed(int seed, int stream) =>
        unchecked((int)(((uint)seed * 0x9E3779B1u) ^ ((uint)(stream + 2) * 0x85EBCA6Bu)));
}
