using System.Reflection;

namespace OrleansVector.Runtime.Invocation;

/// <summary>
/// A grain reference: a <see cref="DispatchProxy"/> that implements the grain interface and turns each call into a message.
/// DispatchProxy keeps references free of code generation; the per-method work is a dictionary lookup and a cached delegate.
/// </summary>
public class GrainProxy : DispatchProxy
{
    internal GrainId GrainId { get; private set; }

    internal IGrainCallInvoker Invoker { get; private set; } = null!;

    private GrainInterfaceDescriptor _interface = null!;

    internal static TGrain Create<TGrain>(GrainId grainId, IGrainCallInvoker invoker) where TGrain : IGrain
    {
        var reference = DispatchProxy.Create<TGrain, GrainProxy>();
        var proxy = (GrainProxy)(object)reference;
        proxy.GrainId = grainId;
        proxy.Invoker = invoker;
        proxy._interface = GrainInterfaceDescriptor.For(typeof(TGrain));
        return reference;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var method = _interface.ByMethod.GetValueOrDefault(targetMethod)
            ?? throw new InvalidOperationException($"{targetMethod.DeclaringType}.{targetMethod.Name} is not a method of grain interface {_interface.Type}.");
        return method.Call(method, this, args);
    }

    public override bool Equals(object? obj) => obj is GrainProxy other && other.GrainId.Equals(GrainId);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => $"GrainReference:{GrainId}";
}
