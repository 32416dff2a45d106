namespace OrleansVector.Runtime;

/// <summary>A member's status in the membership table. A silo that is not in the table (its lease ended) is dead.</summary>
public enum SiloStatus
{
    /// <summary>Serving and accepting new activations.</summary>
    Active,

    /// <summary>Deactivating its grains before it leaves; no new activations are placed on it.</summary>
    ShuttingDown,
}
