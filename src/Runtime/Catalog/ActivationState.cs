namespace OrleansVector.Runtime.Catalog;

/// <summary>The life of an activation: Creating → Activating → Valid → Deactivating → Invalid.</summary>
internal enum ActivationState
{
    /// <summary>Registering in the directory; no grain code has run.</summary>
    Creating,

    /// <summary>Loading state and running OnActivateAsync; requests queue.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Waiting for running requests, then OnDeactivateAsync and unregistration; requests queue and are re-routed afterwards.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; a message that still reaches it is re-routed.</summary>
    Invalid,
}
