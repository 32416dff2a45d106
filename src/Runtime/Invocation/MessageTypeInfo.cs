using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf;

namespace OrleansVector.Runtime.Invocation;

/// <summary>What the runtime needs to know about one protobuf message type: how to parse it and how to clone it.</summary>
internal sealed class MessageTypeInfo
{
    private static readonly ConcurrentDictionary<Type, MessageTypeInfo> s_cache = new();
    private static readonly MethodInfo s_cloneOf = typeof(MessageTypeInfo).GetMethod(nameof(CloneOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<IMessage, IMessage> _clone;

    private MessageTypeInfo(Type type)
    {
        Type = type;
        Parser = type.GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as MessageParser
            ?? throw new ArgumentException($"{type} has no static Parser property; grain arguments and results must be generated protobuf messages.");
        _clone = s_cloneOf.MakeGenericMethod(type).CreateDelegate<Func<IMessage, IMessage>>();
        IsImmutable = type.IsDefined(typeof(ImmutableAttribute), inherit: false);
    }

    public Type Type { get; }

    public MessageParser Parser { get; }

    /// <summary>True when the type carries <see cref="ImmutableAttribute"/>: local calls pass it by reference.</summary>
    public bool IsImmutable { get; }

    public static MessageTypeInfo For(Type type)
    {
        if (!typeof(IMessage).IsAssignableFrom(type) || type.IsAbstract || type.IsInterface)
        {
            throw new ArgumentException($"{type} is not a concrete protobuf message type; grain arguments and results must be protobuf messages.");
        }
        return s_cache.GetOrAdd(type, static t => new MessageTypeInfo(t));
    }

    public IMessage Clone(IMessage message) => _clone(message);

    private static IMessage CloneOf<T>(IMessage message) where T : IDeepCloneable<T>, IMessage => ((T)message).Clone();
}
