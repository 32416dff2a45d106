namespace OrleansVector.Bench.Cli;

/// <summary>The command line is wrong; the message says what and how to fix it. Program prints it with the command's usage.</summary>
internal sealed class UsageException(string message) : Exception(message);
