namespace OrleansVector.Runtime.Invocation;

/// <summary>Scheduling and delivery flags of a grain method, from its attributes.</summary>
[Flags]
internal enum MethodFlags
{
    None = 0,
    ReadOnly = 1,
    AlwaysInterleave = 2,
    OneWay = 4,
}
