using Microsoft.Extensions.Options;
using OrleansVector.Silo.Hosting;

try
{
    var app = SiloHost.Build(args);
    await app.RunAsync();
    return SiloExitCodes.Success;
}
catch (OptionsValidationException e)
{
    // A configuration mistake is the operator's to fix: say which setting, without a stack trace.
    await Console.Error.WriteLineAsync($"Invalid configuration: {string.Join("; ", e.Failures)}");
    return SiloExitCodes.InvalidConfiguration;
}
