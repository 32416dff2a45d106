namespace OrleansVector.Runtime.Invocation;

/// <summary>The awaitable a grain method returns.</summary>
internal enum ReturnKind
{
    Task,
    TaskOfMessage,
    ValueTask,
    ValueTaskOfMessage,
}
