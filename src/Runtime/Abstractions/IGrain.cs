namespace OrleansVector.Runtime;

/// <summary>
/// Marker for grain interfaces. Every method returns <see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or
/// <see cref="ValueTask{TResult}"/>; arguments and results are protobuf messages. Derive from one of the keyed interfaces.
/// </summary>
public interface IGrain;

/// <summary>A grain whose key is a string.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain whose key is a 64-bit integer.</summary>
public interface IGrainWithIntegerKey : IGrain;

/// <summary>A grain whose key is a Guid.</summary>
public interface IGrainWithGuidKey : IGrain;
