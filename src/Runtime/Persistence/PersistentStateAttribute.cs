namespace OrleansVector.Runtime;

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the state name and the storage provider.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string storageName = PersistentStateAttribute.DefaultStorageName) : Attribute
{
    public const string DefaultStorageName = "Default";

    public string StateName { get; } = string.IsNullOrWhiteSpace(stateName) ? throw new ArgumentException("A state name is required.", nameof(stateName)) : stateName;

    public string StorageName { get; } = storageName;
}
