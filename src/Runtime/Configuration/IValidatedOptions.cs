namespace OrleansVector.Runtime.Configuration;

/// <summary>An options class that can say what is wrong with its values.</summary>
public interface IValidatedOptions
{
    /// <summary>One message per invalid setting, naming the setting, its value and the valid range; empty when valid.</summary>
    IEnumerable<string> Validate();
}
