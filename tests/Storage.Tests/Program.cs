using OrleansVector.Storage.Tests.Wal;

namespace OrleansVector.Storage.Tests;

/// <summary>
/// The test assembly's entry point. The test runner never calls it; crash tests start this assembly as a child
/// process (<c>dotnet exec OrleansVector.Storage.Tests.dll wal-crash-writer ...</c>) so they can SIGKILL a real writer.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == WalCrashWriter.Command)
        {
            return await WalCrashWriter.RunAsync(args[1..]);
        }
        await Console.Error.WriteLineAsync($"Usage: {WalCrashWriter.Command} <root> <channel> <round>");
        return 2;
    }
}
