using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OrleansVector.Runtime.Invocation;
using OrleansVector.Runtime.Persistence;
using OrleansVector.Runtime.Placement;

namespace OrleansVector.Runtime.Catalog;

/// <summary>A grain class analysed once: its interface, placement, concurrency and lifetime attributes and how to construct it.</summary>
internal sealed class GrainClassDescriptor
{
    private readonly Func<IServiceProvider, ActivationData, object?>[] _arguments;
    private readonly ConstructorInfo _constructor;

    public GrainClassDescriptor(Type grainInterface, Type grainClass)
    {
        if (!grainInterface.IsAssignableFrom(grainClass) || grainClass.IsAbstract || !typeof(Grain).IsAssignableFrom(grainClass))
        {
            throw new ArgumentException($"{grainClass} must be a concrete class deriving from Grain and implementing {grainInterface}.", nameof(grainClass));
        }
        Interface = GrainInterfaceDescriptor.For(grainInterface);
        GrainClass = grainClass;
        var placement = grainClass.GetCustomAttribute<PlacementAttribute>(inherit: true);
        Placement = placement?.Strategy ?? PlacementStrategy.Random;
        MaxLocalWorkers = (placement as StatelessWorkerAttribute)?.MaxLocalWorkers ?? 0;
        IsReentrant = grainClass.IsDefined(typeof(ReentrantAttribute), inherit: true);
        KeepAlive = grainClass.IsDefined(typeof(KeepAliveAttribute), inherit: true);
        CollectionAge = grainClass.GetCustomAttribute<CollectionAgeLimitAttribute>(inherit: true)?.Age;
        _constructor = grainClass.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new ArgumentException($"{grainClass} has no public constructor.", nameof(grainClass));
        _arguments = [.. _constructor.GetParameters().Select(p => ArgumentFor(grainClass, p))];
    }

    public string GrainType => Interface.GrainType;

    public GrainInterfaceDescriptor Interface { get; }

    public Type GrainClass { get; }

    public PlacementStrategy Placement { get; }

    public int MaxLocalWorkers { get; }

    public bool IsStatelessWorker => Placement == PlacementStrategy.StatelessWorker;

    /// <summary>Stateless workers have no directory entry; every other grain registers before its code runs.</summary>
    public bool UsesDirectory => !IsStatelessWorker;

    public bool IsReentrant { get; }

    public bool KeepAlive { get; }

    /// <summary>The class's <see cref="CollectionAgeLimitAttribute"/>, if any.</summary>
    public TimeSpan? CollectionAge { get; }

    public object CreateInstance(IServiceProvider services, ActivationData activation)
    {
        var arguments = new object?[_arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _arguments[i](services, activation);
        }
        try
        {
            return _constructor.Invoke(arguments);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
    }

    private static Func<IServiceProvider, ActivationData, object?> ArgumentFor(Type grainClass, ParameterInfo parameter)
    {
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } state)
        {
            var type = parameter.ParameterType;
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new ArgumentException($"{grainClass} parameter '{parameter.Name}' has [PersistentState] but is not an IPersistentState<TState>.");
            }
            var stateType = typeof(PersistentState<>).MakeGenericType(type.GetGenericArguments()[0]);
            return (services, activation) =>
            {
                var storage = services.GetKeyedService<IGrainStorage>(state.StorageName)
                    ?? throw new InvalidOperationException($"{grainClass} needs grain storage '{state.StorageName}' for state '{state.StateName}', and no such storage is registered on this silo.");
                var instance = Activator.CreateInstance(stateType, activation, state.StateName, storage)!;
                activation.AddStateLoader((IActivationStateLoader)instance);
                return instance;
            };
        }
        return (services, _) => services.GetService(parameter.ParameterType)
            ?? (parameter.HasDefaultValue ? parameter.DefaultValue : throw new InvalidOperationException(
                $"{grainClass} constructor parameter '{parameter.Name}' of type {parameter.ParameterType} is not a registered service."));
    }
}
