using System.Collections.Immutable;

namespace OrleansVector.Runtime;

/// <summary>An immutable view of the membership table; versions only grow.</summary>
public sealed class MembershipSnapshot(long version, ImmutableArray<SiloEntry> members)
{
    public static MembershipSnapshot Empty { get; } = new(0, []);

    public long Version { get; } = version;

    public ImmutableArray<SiloEntry> Members { get; } = members;

    public SiloEntry? Find(SiloAddress silo)
    {
        foreach (var member in Members)
        {
            if (member.Address == silo)
            {
                return member;
            }
        }
        return null;
    }

    public override string ToString() => $"v{Version}: {string.Join(", ", Members.Select(m => $"{m.Name} {m.Address} {m.Status}"))}";
}
