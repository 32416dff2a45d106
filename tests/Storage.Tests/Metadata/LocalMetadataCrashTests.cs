using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using OrleansVector.Storage.Metadata;
using OrleansVector.Storage.Tests.Wal;

namespace OrleansVector.Storage.Tests.Metadata;

/// <summary>
/// SIGKILLs a real process committing transactions to a local metadata store, at a random number of acknowledged
/// commits, 20 times over one folder; after every kill the reopened store must hold every acknowledged transaction
/// whole (its puts and its delete), at most the one unacknowledged transaction per writer that was in flight, and
/// no torn value.
/// </summary>
public sealed class LocalMetadataCrashTests : IDisposable
{
    private const int Rounds = 20;
    private readonly string _directory = Directory.CreateTempSubdirectory("ov-meta-crash-").FullName;

    [Fact]
    public async Task Every_acknowledged_transaction_survives_SIGKILL_whole()
    {
        var random = new Random(20261121);
        // lastAcked[round, writer]: the highest acknowledged sequence (sequences are acknowledged in order per writer), -1 for none.
        var lastAcked = new int[Rounds, MetadataCrashWriter.Writers];
        var acknowledgements = 0;
        for (var round = 0; round < Rounds; round++)
        {
            for (var writer = 0; writer < MetadataCrashWriter.Writers; writer++)
            {
                lastAcked[round, writer] = -1;
            }
            var lines = await CrashChildProcess.RunUntilKilledAsync(
                MetadataCrashWriter.Command, [_directory, round.ToString(CultureInfo.InvariantCulture)], random.Next(1, 200));
            foreach (var line in lines)
            {
                var parts = line.Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
                Assert.Equal(round, parts[0]);
                Assert.Equal(lastAcked[round, parts[1]] + 1, parts[2]);
                lastAcked[round, parts[1]] = parts[2];
                acknowledgements++;
            }

            await using var store = LocalMetadataStore.Open(MetadataCrashWriter.Options(_directory));
            for (var writer = 0; writer < MetadataCrashWriter.Writers; writer++)
            {
                for (var earlier = 0; earlier <= round; earlier++)
                {
                    await AssertWriterRoundAsync(store, earlier, writer, lastAcked[earlier, writer], $"after kill {round}");
                }
                await AssertLatestAsync(store, writer, round, lastAcked, $"after kill {round}");
            }
        }
        Assert.True(acknowledgements >= Rounds, $"only {acknowledgements} commits were acknowledged over {Rounds} rounds");
    }

    /// <summary>The acked keys of one writer in one round: each acknowledged one present unless a later durable transaction deleted it; nothing past the one in flight.</summary>
    private static async Task AssertWriterRoundAsync(IMetadataStore store, int round, int writer, int last, string when)
    {
        var present = new HashSet<int>();
        foreach (var entry in (await store.ScanAsync(MetadataCrashWriter.AckedPrefix(round, writer))).Entries)
        {
            var sequence = int.Parse(entry.Key.AsSpan(entry.Key.LastIndexOf('/') + 1), CultureInfo.InvariantCulture);
            var payload = entry.Value.Span;
            Assert.True(CrashPayload.IsIntact(payload) && BinaryPrimitives.ReadInt32LittleEndian(payload[8..]) == sequence,
                $"{when}: {entry.Key} holds a torn or foreign value");
            Assert.True(sequence <= last + 1, $"{when}: {entry.Key} exists but writer {writer} of round {round} was acknowledged only up to {last}");
            present.Add(sequence);
        }

        var inFlightDurable = present.Contains(last + 1);
        for (var sequence = 0; sequence <= last; sequence++)
        {
            var deleter = MetadataCrashWriter.DeletedBy(sequence);
            var deleted = deleter <= last || (deleter == last + 1 && inFlightDurable);
            Assert.True(present.Contains(sequence) != deleted,
                $"{when}: {MetadataCrashWriter.AckedKey(round, writer, sequence)} is {(deleted ? "still there although an acknowledged transaction deleted it" : "missing although it was acknowledged")}");
        }
    }

    /// <summary>latest/w and its pair were written in every transaction: equal to each other, at or past the last acknowledged one, naming a durable transaction.</summary>
    private static async Task AssertLatestAsync(IMetadataStore store, int writer, int round, int[,] lastAcked, string when)
    {
        var latest = await store.GetAsync(MetadataCrashWriter.LatestKey(writer));
        var (a, b) = MetadataCrashWriter.PairKeys(writer);
        var pairA = await store.GetAsync(a);
        var pairB = await store.GetAsync(b);
        var anyAcked = Enumerable.Range(0, round + 1).Any(r => lastAcked[r, writer] >= 0);
        if (latest is null)
        {
            Assert.False(anyAcked, $"{when}: {MetadataCrashWriter.LatestKey(writer)} is missing after acknowledged commits");
            Assert.True(pairA is null && pairB is null, $"{when}: the pair of writer {writer} exists without its latest key");
            return;
        }

        var text = Encoding.UTF8.GetString(latest.Value.Span);
        Assert.True(pairA is not null && pairB is not null && text == Encoding.UTF8.GetString(pairA.Value.Span) && text == Encoding.UTF8.GetString(pairB.Value.Span),
            $"{when}: writer {writer}'s latest key and pair disagree (a transaction was applied in part)");
        var parts = text.Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var (latestRound, latestSequence) = (parts[0], parts[1]);
        var lastRound = Enumerable.Range(0, round + 1).LastOrDefault(r => lastAcked[r, writer] >= 0, -1);
        Assert.True(lastRound < 0 || (latestRound, latestSequence).CompareTo((lastRound, lastAcked[lastRound, writer])) >= 0,
            $"{when}: writer {writer}'s latest is {text}, older than its last acknowledged commit");
        Assert.NotNull(await store.GetAsync(MetadataCrashWriter.AckedKey(latestRound, writer, latestSequence)));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
