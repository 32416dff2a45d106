using Microsoft.Extensions.Options;

namespace OrleansVector.Grains.Collection;

/// <summary>Fails the silo's start with every invalid <see cref="DataPathOptions"/> setting named.</summary>
internal sealed class DataPathOptionsValidator : IValidateOptions<DataPathOptions>
{
    public ValidateOptionsResult Validate(string? name, DataPathOptions options)
    {
        var failures = options.Validate().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures.Select(f => $"{nameof(DataPathOptions)}.{f}"));
    }
}
