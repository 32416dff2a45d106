namespace OrleansVector.Runtime.Invocation;

/// <summary>Builds grain references over an invoker; no I/O.</summary>
internal sealed class GrainFactory(IGrainCallInvoker invoker) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey => Create<TGrain>(key);

    public TGrain GetGrain<TGrain>(long key) where TGrain : IGrainWithIntegerKey => Create<TGrain>(GrainKeys.FromLong(key));

    public TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey => Create<TGrain>(GrainKeys.FromGuid(key));

    public TGrain GetGrain<TGrain>(GrainId grainId) where TGrain : IGrain
    {
        var expected = GrainInterfaceDescriptor.For(typeof(TGrain)).GrainType;
        if (!string.Equals(grainId.Type, expected, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Grain {grainId} is of type '{grainId.Type}', but {typeof(TGrain).Name} is grain type '{expected}'.", nameof(grainId));
        }
        return GrainProxy.Create<TGrain>(grainId, invoker);
    }

    private TGrain Create<TGrain>(string key) where TGrain : IGrain =>
        GrainProxy.Create<TGrain>(new GrainId(GrainInterfaceDescriptor.For(typeof(TGrain)).GrainType, key), invoker);
}
