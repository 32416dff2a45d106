using Microsoft.Extensions.Options;

namespace OrleansVector.Runtime.Configuration;

/// <summary>Runs <see cref="IValidatedOptions.Validate"/> when options are first read, so a bad setting stops the silo at start.</summary>
internal sealed class OptionsValidator<T> : IValidateOptions<T> where T : class, IValidatedOptions
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = options.Validate().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures.Select(f => $"{typeof(T).Name}.{f}"));
    }
}
