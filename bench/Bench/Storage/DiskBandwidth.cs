using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansVector.Bench.Storage;

/// <summary>
/// The device's sequential write bandwidth as <c>dd if=/dev/zero of=FILE bs=1M count=N oflag=FLAGS</c> reports it:
/// <c>direct</c> is the raw rate (no cache flush); <c>direct,dsync</c> makes every 1 MiB block durable before the next,
/// which is what a log acknowledging each group commit pays.
/// </summary>
internal static partial class DiskBandwidth
{
    public sealed record Result(string Command, long Bytes, double Seconds)
    {
        public double MegabytesPerSecond => Bytes / Seconds / 1e6;
    }

    public static Result Measure(string directory, int mebibytes, string flags)
    {
        var file = Path.Combine(directory, "dd-direct.bin");
        var start = new ProcessStartInfo("dd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "if=/dev/zero", $"of={file}", "bs=1M", $"count={mebibytes.ToString(CultureInfo.InvariantCulture)}", $"oflag={flags}" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["LC_ALL"] = "C";
        try
        {
            using var dd = Process.Start(start) ?? throw new InvalidOperationException("could not start dd");
            var stderr = dd.StandardError.ReadToEnd();
            dd.WaitForExit();
            // "1073741824 bytes (1.1 GB, 1.0 GiB) copied, 2.61 s, 411 MB/s": take bytes and seconds, compute the rate ourselves.
            var summary = Summary().Match(stderr);
            if (dd.ExitCode != 0 || !summary.Success)
            {
                throw new InvalidOperationException($"dd failed (exit {dd.ExitCode}): {stderr.Trim()}");
            }
            return new Result($"dd if=/dev/zero of={file} bs=1M count={mebibytes} oflag={flags}",
                long.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"^(\d+) bytes .*copied, ([0-9.e+-]+) s", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
