using System.Collections.Frozen;

namespace OrleansVector.Runtime.Catalog;

/// <summary>The grain classes a silo hosts, by grain type name.</summary>
internal sealed class GrainTypeRegistry
{
    private readonly FrozenDictionary<string, GrainClassDescriptor> _byType;

    public GrainTypeRegistry(IEnumerable<GrainRegistration> registrations)
    {
        var byType = new Dictionary<string, GrainClassDescriptor>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            var descriptor = new GrainClassDescriptor(registration.Interface, registration.GrainClass);
            if (byType.TryGetValue(descriptor.GrainType, out var existing) && existing.GrainClass != descriptor.GrainClass)
            {
                throw new ArgumentException($"Grain type '{descriptor.GrainType}' is claimed by both {existing.GrainClass} and {descriptor.GrainClass}; give one interface a [GrainType] name.");
            }
            byType[descriptor.GrainType] = descriptor;
        }
        _byType = byType.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<GrainClassDescriptor> All => _byType.Values;

    public bool TryGet(string grainType, out GrainClassDescriptor descriptor) => _byType.TryGetValue(grainType, out descriptor!);
}
