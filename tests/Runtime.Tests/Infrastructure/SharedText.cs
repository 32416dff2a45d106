namespace OrleansVector.Runtime.Tests.Messages;

/// <summary>Declared immutable, so local calls do not clone it.</summary>
[Immutable]
public sealed partial class SharedText;
