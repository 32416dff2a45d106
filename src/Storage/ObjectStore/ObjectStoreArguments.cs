namespace OrleansVector.Storage.ObjectStore;

/// <summary>Argument checks shared by the object-store implementations.</summary>
internal static class ObjectStoreArguments
{
    public static void ValidateRange(long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
    }
}
