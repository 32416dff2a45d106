using System.Globalization;
using System.Text;
using OrleansVector.Storage.Metadata;
using OrleansVector.Storage.Tests.Wal;

namespace OrleansVector.Storage.Tests.Metadata;

/// <summary>
/// The child process of <see cref="LocalMetadataCrashTests"/>: commits transactions to a local metadata store from
/// <see cref="Writers"/> concurrent writers until killed, printing "round writer sequence" for each only after it was
/// acknowledged. Transaction (round, writer, s) puts <see cref="AckedKey"/> with a checkable payload, sets
/// <see cref="LatestKey"/> and both <see cref="PairKeys"/> to "round s", and, when s % 7 == 0 and s &gt;= 3,
/// deletes the acked key of s - 3. A small compaction threshold makes kills land in snapshot writes too.
/// </summary>
internal static class MetadataCrashWriter
{
    public const string Command = "meta-crash-writer";
    public const int Writers = 2;
    public const long CompactAfterBytes = 256 << 10;

    public static string AckedKey(int round, int writer, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"acked/{round:D3}/{writer}/{sequence:D6}");

    public static string AckedPrefix(int round, int writer) => string.Create(CultureInfo.InvariantCulture, $"acked/{round:D3}/{writer}/");

    public static string LatestKey(int writer) => string.Create(CultureInfo.InvariantCulture, $"latest/{writer}");

    public static (string A, string B) PairKeys(int writer) =>
        (string.Create(CultureInfo.InvariantCulture, $"pair/{writer}/a"), string.Create(CultureInfo.InvariantCulture, $"pair/{writer}/b"));

    /// <summary>The sequence whose transaction deletes the acked key of <paramref name="sequence"/>, if any.</summary>
    public static int? DeletedBy(int sequence) => (sequence + 3) % 7 == 0 ? sequence + 3 : null;

    public static LocalMetadataStoreOptions Options(string directory) => new() { Directory = directory, CompactAfterBytes = CompactAfterBytes };

    public static async Task<int> RunAsync(string[] args)
    {
        var round = int.Parse(args[1], CultureInfo.InvariantCulture);
        await using var store = LocalMetadataStore.Open(Options(args[0]));
        return await CrashChildProcess.RunWritersAsync(Writers, async (writer, sequence) =>
        {
            var latest = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{round} {sequence}"));
            var (a, b) = PairKeys(writer);
            var transaction = new MetadataTransaction()
                .Then(MetadataOperation.Put(AckedKey(round, writer, sequence), CrashPayload.Create(round, writer, sequence)))
                .Then(MetadataOperation.Put(LatestKey(writer), latest))
                .Then(MetadataOperation.Put(a, latest))
                .Then(MetadataOperation.Put(b, latest));
            if (sequence >= 3 && DeletedBy(sequence - 3) == sequence)
            {
                transaction.Then(MetadataOperation.Delete(AckedKey(round, writer, sequence - 3)));
            }
            await store.CommitAsync(transaction);
            return string.Create(CultureInfo.InvariantCulture, $"{round} {writer} {sequence}");
        });
    }
}
