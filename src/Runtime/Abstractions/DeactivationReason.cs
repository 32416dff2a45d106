namespace OrleansVector.Runtime;

/// <summary>Why an activation is deactivated (as Orleans's DeactivationReasonCode).</summary>
public enum DeactivationReasonCode
{
    None,
    ShuttingDown,
    ActivationFailed,
    DirectoryFailure,
    ActivationIdle,
    DuplicateActivation,
    ApplicationError,
    ApplicationRequested,
    RuntimeRequested,
    LeaseLost,
}

/// <summary>The reason code plus a description and, for failures, the exception.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description, Exception? Exception = null)
{
    public override string ToString() => Exception is null ? $"{Code}: {Description}" : $"{Code}: {Description} ({Exception.GetType().Name}: {Exception.Message})";
}
