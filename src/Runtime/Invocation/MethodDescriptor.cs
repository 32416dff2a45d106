using System.Linq.Expressions;
using System.Reflection;
using Google.Protobuf;

namespace OrleansVector.Runtime.Invocation;

/// <summary>
/// One grain interface method, analysed once: flags, timeout, argument and result types, and two delegates made at
/// startup instead of Orleans's generated code — <see cref="Call"/> for the caller's proxy and <see cref="Invoke"/>
/// (a compiled expression) for the callee.
/// </summary>
internal sealed class MethodDescriptor
{
    private static readonly MethodInfo s_callTyped = typeof(MethodDescriptor).GetMethod(nameof(CallTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo s_resultOf = typeof(MethodDescriptor).GetMethod(nameof(ResultOf), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo s_asTask = typeof(ValueTask).GetMethod(nameof(ValueTask.AsTask))!;

    public MethodDescriptor(Type grainInterface, MethodInfo method)
    {
        Method = method;
        Name = method.Name;
        FullName = $"{grainInterface.Name}.{method.Name}";
        (ReturnKind, Result) = AnalyseReturn(method, FullName);
        var parameters = method.GetParameters();
        Parameters = new MessageTypeInfo[parameters.Length];
        ParameterIsImmutable = new bool[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].ParameterType.IsByRef)
            {
                throw new ArgumentException($"{FullName}: parameter '{parameters[i].Name}' is passed by reference; grain arguments are protobuf messages passed by value.");
            }
            Parameters[i] = MessageTypeInfo.For(parameters[i].ParameterType);
            ParameterIsImmutable[i] = Parameters[i].IsImmutable || parameters[i].IsDefined(typeof(ImmutableAttribute), false);
        }
        ResultIsImmutable = Result is { IsImmutable: true } || method.ReturnParameter.IsDefined(typeof(ImmutableAttribute), false);
        Flags = (method.IsDefined(typeof(ReadOnlyAttribute), false) ? MethodFlags.ReadOnly : 0)
            | (method.IsDefined(typeof(AlwaysInterleaveAttribute), false) ? MethodFlags.AlwaysInterleave : 0)
            | (method.IsDefined(typeof(OneWayAttribute), false) ? MethodFlags.OneWay : 0);
        if (IsOneWay && Result is not null)
        {
            throw new ArgumentException($"{FullName} is [OneWay] and so cannot return a result; return Task or ValueTask.");
        }
        Timeout = method.GetCustomAttribute<ResponseTimeoutAttribute>()?.Timeout;
        Call = s_callTyped.MakeGenericMethod(Result?.Type ?? typeof(object)).CreateDelegate<Func<MethodDescriptor, GrainProxy, object?[]?, object>>();
        Invoke = CompileInvoker(grainInterface, method, parameters);
        GetResult = Result is null ? null : s_resultOf.MakeGenericMethod(Result.Type).CreateDelegate<Func<Task, IMessage?>>();
    }

    public MethodInfo Method { get; }

    public string Name { get; }

    /// <summary>Interface and method, for messages: <c>IShardGrain.Insert</c>.</summary>
    public string FullName { get; }

    public ReturnKind ReturnKind { get; }

    public MessageTypeInfo? Result { get; }

    public bool ResultIsImmutable { get; }

    public MessageTypeInfo[] Parameters { get; }

    public bool[] ParameterIsImmutable { get; }

    public MethodFlags Flags { get; }

    public bool IsOneWay => (Flags & MethodFlags.OneWay) != 0;

    /// <summary>The method's own response timeout, or null for the configured default.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>Caller side: sends the call and returns the awaitable of the interface's return type.</summary>
    public Func<MethodDescriptor, GrainProxy, object?[]?, object> Call { get; }

    /// <summary>Callee side: calls the method on the grain instance and returns its task.</summary>
    public Func<object, object?[], Task> Invoke { get; }

    /// <summary>Callee side: reads the result of a completed task; null for methods without a result.</summary>
    public Func<Task, IMessage?>? GetResult { get; }

    private static (ReturnKind, MessageTypeInfo?) AnalyseReturn(MethodInfo method, string fullName)
    {
        var type = method.ReturnType;
        if (type == typeof(Task))
        {
            return (ReturnKind.Task, null);
        }
        if (type == typeof(ValueTask))
        {
            return (ReturnKind.ValueTask, null);
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Task<>) || definition == typeof(ValueTask<>)))
        {
            var kind = definition == typeof(Task<>) ? ReturnKind.TaskOfMessage : ReturnKind.ValueTaskOfMessage;
            return (kind, MessageTypeInfo.For(type.GetGenericArguments()[0]));
        }
        throw new ArgumentException($"{fullName} returns {type}; grain methods return Task, Task<TMessage>, ValueTask or ValueTask<TMessage>.");
    }

    private static Func<object, object?[], Task> CompileInvoker(Type grainInterface, MethodInfo method, ParameterInfo[] parameters)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var arguments = parameters.Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        Expression call = Expression.Call(Expression.Convert(grain, method.DeclaringType ?? grainInterface), method, arguments);
        if (method.ReturnType == typeof(ValueTask))
        {
            call = Expression.Call(call, s_asTask);
        }
        else if (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            call = Expression.Call(call, method.ReturnType.GetMethod(nameof(ValueTask<int>.AsTask))!);
        }
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), grain, args).Compile();
    }

    private static object CallTyped<T>(MethodDescriptor method, GrainProxy proxy, object?[]? args) where T : class
    {
        var task = proxy.Invoker.InvokeAsync<T>(proxy.GrainId, method, args ?? []);
        return method.ReturnKind switch
        {
            ReturnKind.Task or ReturnKind.TaskOfMessage => task,
            ReturnKind.ValueTask => new ValueTask(task),
            _ => new ValueTask<T?>(task),
        };
    }

    private static IMessage? ResultOf<T>(Task task) where T : IMessage => ((Task<T>)task).Result;
}
