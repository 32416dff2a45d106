using OrleansVector.Storage.Tests.Metadata;
using OrleansVector.Storage.Tests.Wal;

namespace OrleansVector.Storage.Tests;

/// <summary>
/// The test assembly's entry point. The test runner never calls it; crash tests start this assembly as a child
/// process (<c>dotnet exec OrleansVector.Storage.Tests.dll wal-crash-writer ...</c>, <c>meta-crash-writer ...</c>) so they
/// can SIGKILL a real writer.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case WalCrashWriter.Command:
                return await WalCrashWriter.RunAsync(args[1..]);
            case MetadataCrashWriter.Command:
                return await MetadataCrashWriter.RunAsync(args[1..]);
        }
        await Console.Error.WriteLineAsync($"Usage: {WalCrashWriter.Command} <root> <channel> <round> | {MetadataCrashWriter.Command} <directory> <round>");
        return 2;
    }
}
