using OrleansVector.Runtime.Messaging.Wire;

namespace OrleansVector.Runtime.Messaging;

/// <summary>
/// Exceptions across silos: the type name and message travel; the caller throws the same type when it can create it
/// (an exception type with a (string) constructor), otherwise a <see cref="RemoteGrainException"/> that names it.
/// </summary>
internal static class WireExceptions
{
    public static WireError ToWire(Exception exception) => new()
    {
        Type = exception.GetType().AssemblyQualifiedName ?? exception.GetType().FullName ?? exception.GetType().Name,
        Message = exception.Message,
        StackTrace = exception.StackTrace ?? "",
    };

    public static Exception FromWire(WireError error)
    {
        var type = Type.GetType(error.Type, throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && type.GetConstructor([typeof(string)]) is { } constructor)
        {
            try
            {
                return (Exception)constructor.Invoke([error.Message]);
            }
            catch (System.Reflection.TargetInvocationException)
            {
                // Fall through to the generic wrapper.
            }
        }
        var name = error.Type.Split(',')[0];
        return new RemoteGrainException(name, error.Message, error.StackTrace);
    }
}
