using System.Buffers;
using System.Numerics.Tensors;

namespace OrleansVector.Kernels;

/// <summary>
/// k-means with k-means++ initialisation and Lloyd iterations (L2). Large inputs are trained on a random sample.
/// Work is split over cores in fixed chunks whose results are combined in a fixed order, so the centroids depend
/// only on the data, k and the seed, never on the number of threads.
/// </summary>
public static unsafe class KMeans
{
    private const int ChunkRows = 1024;
    private const int SeedCandidatesPerCentroid = 16;

    /// <summary>Returns k x dim centroids (row-major) of the n x dim row-major <paramref name="data"/>; k must not exceed n.</summary>
    public static float[] Train(ReadOnlySpan<float> data, int dim, int k, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var n = Guard.Rows(data.Length, dim, nameof(data));
        Guard.Positive(k, nameof(k));
        if (k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must not exceed the number of training rows ({n}).");
        }

        var random = new Random(options.Seed);
        var sampleSize = (int)Math.Min(n, (long)k * options.MaxSamplesPerCentroid);
        ReadOnlySpan<float> train = sampleSize < n ? Sample(data, dim, n, sampleSize, random) : data;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        var poolSize = (int)Math.Min(sampleSize, (long)k * SeedCandidatesPerCentroid);
        var centroids = PlusPlusInit(poolSize < sampleSize ? Sample(train, dim, sampleSize, poolSize, random) : train, dim, k, random);
        fixed (float* rows = train)
        {
            Lloyd(new Matrix(rows, sampleSize, dim), centroids, k, options.Iterations, random, parallel);
        }

        return centroids;
    }

    /// <summary>
    /// Index of the nearest centroid (squared L2 up to float rounding, lowest index on ties) for every row of
    /// <paramref name="data"/>, in parallel over cores.
    /// </summary>
    public static void Assign(ReadOnlySpan<float> data, int dim, ReadOnlySpan<float> centroids, Span<int> assignment) =>
        Assign(data, dim, centroids, assignment, -1);

    /// <summary>Nearest centroid (L2) per row on at most <paramref name="maxDegreeOfParallelism"/> threads (-1 = all cores).</summary>
    public static void Assign(ReadOnlySpan<float> data, int dim, ReadOnlySpan<float> centroids, Span<int> assignment, int maxDegreeOfParallelism)
    {
        var n = Guard.Rows(data.Length, dim, nameof(data));
        var k = Guard.Rows(centroids.Length, dim, nameof(centroids));
        Guard.Positive(k, nameof(centroids));
        Guard.AtLeast(n, assignment.Length, nameof(assignment));
        fixed (float* rows = data)
        fixed (float* c = centroids)
        fixed (int* a = assignment)
        {
            AssignAll(new Matrix(rows, n, dim), new Matrix(c, k, dim), a, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism });
        }
    }

    private static float[] Sample(ReadOnlySpan<float> data, int dim, int n, int sampleSize, Random random)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        for (var i = 0; i < sampleSize; i++)
        {
            var j = random.Next(i, n);
            (order[i], order[j]) = (order[j], order[i]);
        }

        // Rows in their original order keep the copy sequential in memory.
        Array.Sort(order, 0, sampleSize);
        var sample = new float[(long)sampleSize * dim];
        for (var i = 0; i < sampleSize; i++)
        {
            data.Slice(order[i] * dim, dim).CopyTo(sample.AsSpan(i * dim, dim));
        }

        return sample;
    }

    // k-means++: each next centroid is a row drawn with probability proportional to its squared distance to the
    // nearest centroid chosen so far. Runs on a candidate pool of a few rows per centroid, serially: k sequential
    // steps would otherwise each pay a parallel-loop synchronisation.
    private static float[] PlusPlusInit(ReadOnlySpan<float> pool, int dim, int k, Random random)
    {
        var rows = pool.Length / dim;
        var centroids = new float[k * dim];
        var minDistance = new float[rows];
        minDistance.AsSpan().Fill(float.PositiveInfinity);
        var pick = random.Next(rows);
        for (var c = 0; c < k; c++)
        {
            var centroid = centroids.AsSpan(c * dim, dim);
            pool.Slice(pick * dim, dim).CopyTo(centroid);
            var total = 0d;
            for (var i = 0; i < rows; i++)
            {
                var d = Math.Min(minDistance[i], VectorMath.L2Squared(pool.Slice(i * dim, dim), centroid));
                minDistance[i] = d;
                total += d;
            }

            pick = total > 0 ? SampleProportional(minDistance, total, random) : random.Next(rows);
        }

        return centroids;
    }

    private static int SampleProportional(float[] weights, double total, Random random)
    {
        var target = random.NextDouble() * total;
        var last = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0)
            {
                last = i;
                target -= weights[i];
                if (target < 0)
                {
                    return i;
                }
            }
        }

        return last;
    }

    private static void Lloyd(Matrix data, float[] centroids, int k, int iterations, Random random, ParallelOptions parallel)
    {
        var dim = data.Dim;
        var assignment = new int[data.Rows];
        var previous = new int[data.Rows];
        var counts = new int[k];
        var starts = new int[k + 1];
        var members = new int[data.Rows];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            fixed (float* c = centroids)
            fixed (int* a = assignment)
            {
                AssignAll(data, new Matrix(c, k, dim), a, parallel);
            }

            if (iteration > 0 && assignment.AsSpan().SequenceEqual(previous))
            {
                return;
            }

            assignment.CopyTo(previous, 0);
            GroupByCluster(assignment, counts, starts, members);
            Parallel.For(0, k, parallel, cluster =>
            {
                var count = counts[cluster];
                if (count == 0)
                {
                    return;
                }

                var sum = centroids.AsSpan(cluster * dim, dim);
                sum.Clear();
                for (var m = starts[cluster]; m < starts[cluster + 1]; m++)
                {
                    TensorPrimitives.Add(sum, data.Row(members[m]), sum);
                }

                TensorPrimitives.Multiply(sum, 1f / count, sum);
            });
            SplitLargestIntoEmpty(centroids, counts, dim, random);
        }
    }

    // Counting sort of row indices by cluster: members[starts[c]..starts[c + 1]) are the rows of c in row order.
    private static void GroupByCluster(int[] assignment, int[] counts, int[] starts, int[] members)
    {
        Array.Clear(counts);
        foreach (var cluster in assignment)
        {
            counts[cluster]++;
        }

        starts[0] = 0;
        for (var c = 0; c < counts.Length; c++)
        {
            starts[c + 1] = starts[c] + counts[c];
        }

        var next = ArrayPool<int>.Shared.Rent(counts.Length);
        try
        {
            starts.AsSpan(0, counts.Length).CopyTo(next);
            for (var i = 0; i < assignment.Length; i++)
            {
                members[next[assignment[i]]++] = i;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
        }
    }

    // An empty cluster takes half of the largest one: both get its centroid, nudged apart in opposite directions.
    private static void SplitLargestIntoEmpty(float[] centroids, int[] counts, int dim, Random random)
    {
        const float Nudge = 1f / 1024;
        for (var empty = 0; empty < counts.Length; empty++)
        {
            if (counts[empty] != 0)
            {
                continue;
            }

            var largest = 0;
            for (var c = 1; c < counts.Length; c++)
            {
                if (counts[c] > counts[largest])
                {
                    largest = c;
                }
            }

            var source = centroids.AsSpan(largest * dim, dim);
            var target = centroids.AsSpan(empty * dim, dim);
            for (var j = 0; j < dim; j++)
            {
                var sign = random.Next(2) == 0 ? 1f : -1f;
                target[j] = source[j] * (1 + (sign * Nudge));
                source[j] *= 1 - (sign * Nudge);
            }

            counts[empty] = counts[largest] / 2;
            counts[largest] -= counts[empty];
        }
    }

    private static void AssignAll(Matrix data, Matrix centroids, int* assignment, ParallelOptions parallel)
    {
        var output = (nint)assignment;
        var panels = CentroidPanels.IsSupported ? new CentroidPanels(centroids.All, centroids.Dim) : null;
        Parallel.For(0, ChunkCount(data.Rows), parallel, chunk =>
        {
            var start = chunk * ChunkRows;
            var count = Math.Min(ChunkRows, data.Rows - start);
            var rows = data.All.Slice(start * data.Dim, count * data.Dim);
            var result = new Span<int>((int*)output + start, count);
            if (panels is not null)
            {
                NearestCentroid.Assign(rows, panels, result);
            }
            else
            {
                NearestByDistance(rows, centroids.All, centroids.Dim, result);
            }
        });
    }

    // The portable path (no AVX-512): exact squared L2 to every centroid.
    internal static void NearestByDistance(ReadOnlySpan<float> rows, ReadOnlySpan<float> centroids, int dim, Span<int> result)
    {
        var k = centroids.Length / dim;
        var distances = ArrayPool<float>.Shared.Rent(k);
        try
        {
            for (var i = 0; i < result.Length; i++)
            {
                BatchDistance.OneToMany<L2Distance>(rows.Slice(i * dim, dim), centroids, dim, distances);
                result[i] = TensorPrimitives.IndexOfMin(distances.AsSpan(0, k));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(distances);
        }
    }

    private static int ChunkCount(int rows) => (rows + ChunkRows - 1) / ChunkRows;

    /// <summary>A pinned row-major matrix that parallel loops can capture (spans cannot be captured).</summary>
    private readonly struct Matrix(float* rows, int count, int dim)
    {
        private readonly nint _rows = (nint)rows;

        public int Rows => count;

        public int Dim => dim;

        public ReadOnlySpan<float> All => new((float*)_rows, checked(count * dim));

        public ReadOnlySpan<float> Row(int index) => new((float*)_rows + ((long)index * dim), dim);
    }
}
