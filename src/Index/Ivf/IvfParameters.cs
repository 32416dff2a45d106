namespace OrleansVector.Index.Ivf;

/// <summary>IVF build parameters with Milvus's names, ranges and defaults (knowhere: nlist 128; IVF_PQ m, nbits 8).</summary>
internal sealed record IvfParameters(int Nlist, int M = 0)
{
    public const int MaxNlist = 65536;
    public const int DefaultNlist = 128;
    public const int DefaultNprobe = 8;
    public const int DefaultM = 32;

    private static readonly string[] NlistOnly = ["nlist"];
    private static readonly string[] PqKeys = ["nlist", "m", "nbits"];

    public static IvfParameters FromMilvus(string indexType, IReadOnlyDictionary<string, string> parameters)
    {
        MilvusParameters.RejectUnknown(parameters, indexType, NlistOnly, MilvusParameters.BuildFramingKeys);
        return new IvfParameters(MilvusParameters.GetInt(parameters, "nlist", DefaultNlist, 1, MaxNlist));
    }

    public static IvfParameters FromMilvusPq(IReadOnlyDictionary<string, string> parameters, int dimension)
    {
        MilvusParameters.RejectUnknown(parameters, IndexTypes.IvfPq, PqKeys, MilvusParameters.BuildFramingKeys);
        var nlist = MilvusParameters.GetInt(parameters, "nlist", DefaultNlist, 1, MaxNlist);
        var m = MilvusParameters.GetInt(parameters, "m", Math.Min(DefaultM, dimension), 1, dimension);
        if (dimension % m != 0)
        {
            throw new IndexParameterException("m", $"a divisor of dim = {dimension}", $"Index parameter 'm' = {m} must divide the dimension {dimension}.");
        }

        var nbits = MilvusParameters.GetInt(parameters, "nbits", 8, 1, 24);
        if (nbits != 8)
        {
            throw new IndexParameterException("nbits", "[8, 8]", $"Index parameter 'nbits' = {nbits} is not supported; this engine's IVF_PQ uses nbits = 8 (valid range [8, 8]).");
        }

        return new IvfParameters(nlist, m);
    }
}
