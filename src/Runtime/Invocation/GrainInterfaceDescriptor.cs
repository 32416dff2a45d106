using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;

namespace OrleansVector.Runtime.Invocation;

/// <summary>A grain interface analysed once per process: its grain type name, key kind and methods (including inherited ones).</summary>
internal sealed class GrainInterfaceDescriptor
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceDescriptor> s_cache = new();

    private GrainInterfaceDescriptor(Type type)
    {
        Type = type;
        GrainType = type.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultGrainTypeName(type);
        var methods = new[] { type }.Concat(type.GetInterfaces())
            .Where(i => i != typeof(IGrain) && typeof(IGrain).IsAssignableFrom(i))
            .SelectMany(i => i.GetMethods().Select(m => new MethodDescriptor(type, m)))
            .ToList();
        var duplicate = methods.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Grain interface {type} has more than one method named '{duplicate.Key}'; grain methods are dispatched by name, so overloads are not allowed.");
        }
        ByMethod = methods.ToFrozenDictionary(m => m.Method);
        ByName = methods.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);
    }

    public Type Type { get; }

    public string GrainType { get; }

    public FrozenDictionary<MethodInfo, MethodDescriptor> ByMethod { get; }

    public FrozenDictionary<string, MethodDescriptor> ByName { get; }

    public static GrainInterfaceDescriptor For(Type grainInterface)
    {
        if (!grainInterface.IsInterface || !typeof(IGrain).IsAssignableFrom(grainInterface))
        {
            throw new ArgumentException($"{grainInterface} is not a grain interface (an interface deriving from IGrainWithStringKey, IGrainWithIntegerKey or IGrainWithGuidKey).");
        }
        return s_cache.GetOrAdd(grainInterface, static t => new GrainInterfaceDescriptor(t));
    }

    private static string DefaultGrainTypeName(Type type)
    {
        var name = type.Name;
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name[1..];
        }
        if (name.Length > "Grain".Length && name.EndsWith("Grain", StringComparison.Ordinal))
        {
            name = name[..^"Grain".Length];
        }
        return name.ToLowerInvariant();
    }
}
