using OrleansVector.Bench.Cli;

namespace OrleansVector.Bench.Reference;

/// <summary>The C++ libraries the runner compares with, through Debian's Python bindings.</summary>
internal enum ReferenceLibrary
{
    Hnswlib,
    Faiss,
}

internal static class ReferenceLibraries
{
    public static ReferenceLibrary Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "hnswlib" => ReferenceLibrary.Hnswlib,
        "faiss" => ReferenceLibrary.Faiss,
        _ => throw new UsageException($"--reference '{name}' is not a reference library; valid values are hnswlib, faiss"),
    };

    /// <summary>The Python module name, also the engine name in results.</summary>
    public static string Module(this ReferenceLibrary library) => library == ReferenceLibrary.Hnswlib ? "hnswlib" : "faiss";

    /// <summary>The Debian package that provides the module.</summary>
    public static string DebianPackage(this ReferenceLibrary library) => "python3-" + library.Module();
}
