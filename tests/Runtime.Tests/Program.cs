using OrleansVector.Runtime.Tests.MultiProcess;

namespace OrleansVector.Runtime.Tests;

/// <summary>
/// The test assembly's entry point. The test runner never calls it; the multi-process tests start this assembly as a
/// child process (<c>dotnet exec OrleansVector.Runtime.Tests.dll silo ...</c>) so a silo is a real OS process they can SIGKILL.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == SiloHostCommand.Name)
        {
            return await SiloHostCommand.RunAsync(args[1..]);
        }
        await Console.Error.WriteLineAsync($"Usage: {SiloHostCommand.Usage}");
        return 2;
    }
}
