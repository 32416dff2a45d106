using OrleansVector.TestSupport;

namespace OrleansVector.Index.Tests.Datasets;

/// <summary>Paths of the real data sets in ../shared/data (see its README).</summary>
internal static class SharedDataFiles
{
    public static string Path(string set, string file)
    {
        var full = System.IO.Path.Combine(RepositoryPaths.SharedData, set, file);
        if (!File.Exists(full))
        {
            throw new InvalidOperationException($"{full} is missing; these tests read the real data sets in ../shared/data beside the checkout.");
        }
        return full;
    }
}
