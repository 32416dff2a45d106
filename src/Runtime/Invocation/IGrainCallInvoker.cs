namespace OrleansVector.Runtime.Invocation;

/// <summary>Sends grain calls: the silo's runtime client and the external cluster client both implement it.</summary>
internal interface IGrainCallInvoker
{
    /// <summary>Sends a call; the task completes with the result (null for methods without one), or at once for one-way calls.</summary>
    Task<T?> InvokeAsync<T>(GrainId target, MethodDescriptor method, object?[] args) where T : class;
}
