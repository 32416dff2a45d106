using System.Globalization;
using OrleansVector.Storage.Wal.Local;

namespace OrleansVector.Storage.Tests.Wal;

/// <summary>
/// The child process of <see cref="LocalWalCrashTests"/>: opens a WAL and appends from several concurrent writers
/// until killed, printing "lsn round writer sequence" for every append only after it was acknowledged.
/// </summary>
internal static class WalCrashWriter
{
    public const string Command = "wal-crash-writer";
    public const int Writers = 4;
    public const long SegmentSizeBytes = 64 << 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new LocalWalOptions { RootDirectory = args[0], SegmentSizeBytes = SegmentSizeBytes, FsyncPolicy = WalFsyncPolicy.Always };
        var round = int.Parse(args[2], CultureInfo.InvariantCulture);
        await using var wal = await LocalWriteAheadLog.OpenAsync(args[1], options);
        return await CrashChildProcess.RunWritersAsync(Writers, async (writer, sequence) =>
        {
            var lsn = await wal.AppendAsync(CrashPayload.Create(round, writer, sequence));
            return string.Create(CultureInfo.InvariantCulture, $"{lsn} {round} {writer} {sequence}");
        });
    }
}
