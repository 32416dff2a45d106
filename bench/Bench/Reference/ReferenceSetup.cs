namespace OrleansVector.Bench.Reference;

/// <summary>
/// Makes sure Debian's Python binding of a reference library is importable, installing it with apt-get when it is not.
/// apt-get fails while another process holds the dpkg lock, so the install is retried for a while.
/// </summary>
internal static class ReferenceSetup
{
    private const int Attempts = 30;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    public static void Ensure(ReferenceLibrary library, string python)
    {
        if (CanImport(library, python))
        {
            return;
        }
        Console.Error.WriteLine($"{library.Module()} is not importable by {python}; installing {library.DebianPackage()} with apt-get");
        var root = Environment.UserName == "root";
        var (program, prefix) = root ? ("apt-get", Array.Empty<string>()) : ("sudo", ["apt-get"]);
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        ChildProcess.Run(program, [.. prefix, "update", "-q"], environment);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var (exitCode, _) = ChildProcess.Run(program, [.. prefix, "install", "-y", "-q", "--no-install-recommends", library.DebianPackage()], environment);
            if (exitCode == 0 && CanImport(library, python))
            {
                return;
            }
            Console.Error.WriteLine($"apt-get install {library.DebianPackage()} failed (attempt {attempt} of {Attempts}; dpkg lock?); retrying in {RetryDelay.TotalSeconds} s");
            Thread.Sleep(RetryDelay);
        }
        throw new InvalidOperationException(
            $"{library.Module()} is still not importable by {python} after apt-get install {library.DebianPackage()}; install it and run again.");
    }

    private static bool CanImport(ReferenceLibrary library, string python)
    {
        try
        {
            return ChildProcess.Run(python, ["-c", $"import {library.Module()}, numpy"], echoStderr: false).ExitCode == 0;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
