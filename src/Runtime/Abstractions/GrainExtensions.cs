using OrleansVector.Runtime.Invocation;

namespace OrleansVector.Runtime;

/// <summary>Identity of grain references and grains.</summary>
public static class GrainExtensions
{
    /// <summary>The id of a grain reference (from <see cref="IGrainFactory"/>) or of a grain instance.</summary>
    public static GrainId GetGrainId(this IGrain grain) => grain switch
    {
        GrainProxy proxy => proxy.GrainId,
        Grain instance => instance.GrainId,
        null => throw new ArgumentNullException(nameof(grain)),
        _ => throw new ArgumentException($"{grain.GetType()} is neither a grain reference nor a grain.", nameof(grain)),
    };

    public static string GetPrimaryKeyString(this IGrainWithStringKey grain) => grain.GetGrainId().Key;

    public static long GetPrimaryKeyLong(this IGrainWithIntegerKey grain) => GrainKeys.ToLong(grain.GetGrainId());

    public static Guid GetPrimaryKey(this IGrainWithGuidKey grain) => GrainKeys.ToGuid(grain.GetGrainId());
}
