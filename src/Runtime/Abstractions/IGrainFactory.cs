namespace OrleansVector.Runtime;

/// <summary>Creates grain references. A reference is built locally and does no I/O: a grain always exists.</summary>
public interface IGrainFactory
{
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;

    TGrain GetGrain<TGrain>(long key) where TGrain : IGrainWithIntegerKey;

    TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey;

    /// <summary>A reference to the grain with this id, seen through <typeparamref name="TGrain"/>.</summary>
    TGrain GetGrain<TGrain>(GrainId grainId) where TGrain : IGrain;
}
