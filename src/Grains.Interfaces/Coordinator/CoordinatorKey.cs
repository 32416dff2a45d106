namespace OrleansVector.Grains.Interfaces.Coordinator;

/// <summary>The key of the one coordinator grain of a cluster.</summary>
public static class CoordinatorKey
{
    public const long Value = 0;
}
