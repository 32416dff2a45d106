using System.Globalization;
using OrleansVector.Storage.Wal.Local;

namespace OrleansVector.Storage.Tests.Wal;

/// <summary>
/// SIGKILLs a real process that appends to a local WAL, at a random number of acknowledged appends, 20 times over
/// one channel; after every kill the log must hold every acknowledged record, in LSN order, and nothing corrupt.
/// </summary>
public sealed class LocalWalCrashTests : IDisposable
{
    private const string Channel = "crash";
    private readonly string _root = Directory.CreateTempSubdirectory("ov-wal-crash-").FullName;

    [Fact]
    public async Task Every_acknowledged_append_survives_SIGKILL_of_the_writer()
    {
        var random = new Random(20261120);
        var acknowledged = new Dictionary<long, (int Round, int Writer, int Sequence)>();
        for (var round = 0; round < 20; round++)
        {
            var killAfter = random.Next(1, 400);
            foreach (var (lsn, key) in await RunWriterUntilKilledAsync(round, killAfter))
            {
                Assert.True(acknowledged.TryAdd(lsn, key), $"round {round}: LSN {lsn} was acknowledged twice");
            }

            await using var wal = await LocalWriteAheadLog.OpenAsync(Channel, new LocalWalOptions { RootDirectory = _root, SegmentSizeBytes = WalCrashWriter.SegmentSizeBytes });
            var expectedLsn = 0L;
            await foreach (var record in wal.ReadAsync(0))
            {
                Assert.Equal(expectedLsn++, record.Lsn);
                Assert.True(CrashPayload.IsIntact(record.Payload.Span), $"round {round}: record {record.Lsn} is corrupt");
                if (acknowledged.TryGetValue(record.Lsn, out var key))
                {
                    Assert.True(record.Payload.Span.SequenceEqual(CrashPayload.Create(key.Round, key.Writer, key.Sequence)),
                        $"round {round}: record {record.Lsn} is not the one acknowledged for it");
                }
            }
            var missing = acknowledged.Keys.Where(lsn => lsn >= expectedLsn).ToList();
            Assert.True(missing.Count == 0, $"round {round}: acknowledged LSNs lost: {string.Join(",", missing.Take(10))} (log ends at {expectedLsn})");
            Assert.Equal(expectedLsn, wal.NextLsn);
        }
        Assert.True(acknowledged.Count >= 20, $"only {acknowledged.Count} appends were acknowledged over 20 rounds");
    }

    /// <summary>Starts the writer, kills it after <paramref name="killAfter"/> acknowledgements and returns every acknowledgement it printed.</summary>
    private async Task<List<(long Lsn, (int, int, int) Key)>> RunWriterUntilKilledAsync(int round, int killAfter) =>
        [.. (await CrashChildProcess.RunUntilKilledAsync(WalCrashWriter.Command, [_root, Channel, round.ToString(CultureInfo.InvariantCulture)], killAfter)).Select(Parse)];

    private static (long, (int, int, int)) Parse(string line)
    {
        var parts = line.Split(' ').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return (parts[0], ((int)parts[1], (int)parts[2], (int)parts[3]));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
