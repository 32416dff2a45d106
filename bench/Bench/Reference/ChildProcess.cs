using System.Diagnostics;

namespace OrleansVector.Bench.Reference;

/// <summary>Runs a program to completion, passing its stderr through to ours (progress) and returning its stdout.</summary>
internal static class ChildProcess
{
    public static (int ExitCode, string Stdout) Run(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, bool echoStderr = true)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (echoStderr && e.Data is not null)
            {
                Console.Error.WriteLine("  | " + e.Data);
            }
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start '{fileName}': {e.Message}", e);
        }
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout);
    }
}
