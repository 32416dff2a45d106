using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace OrleansVector.Gateway.Grpc;

/// <summary>
/// Collects the handlers of one service declared in a .proto file. Each registration is checked against the
/// service descriptor (method exists, is unary, request and response types match), so a wrong mapping fails at startup.
/// </summary>
public sealed class GrpcServiceBuilder(ServiceDescriptor service)
{
    private readonly Dictionary<string, IGrpcMethod> _methods = new(StringComparer.Ordinal);

    public ServiceDescriptor Service { get; } = service;

    public IEnumerable<IGrpcMethod> Methods => _methods.Values;

    public GrpcServiceBuilder AddUnary<TRequest, TResponse>(string methodName, UnaryHandler<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Service.FindMethodByName(methodName)
            ?? throw new ArgumentException($"Service {Service.FullName} has no method '{methodName}'.", nameof(methodName));
        if (method.IsClientStreaming || method.IsServerStreaming)
        {
            throw new ArgumentException($"{Service.FullName}.{methodName} is a streaming method, not a unary one.", nameof(methodName));
        }
        CheckType(method, "request", method.InputType, new TRequest().Descriptor);
        CheckType(method, "response", method.OutputType, new TResponse().Descriptor);
        var path = $"/{Service.FullName}/{methodName}";
        if (!_methods.TryAdd(path, new UnaryMethod<TRequest, TResponse>(path, handler)))
        {
            throw new ArgumentException($"{path} already has a handler.", nameof(methodName));
        }
        return this;
    }

    private static void CheckType(MethodDescriptor method, string role, MessageDescriptor declared, MessageDescriptor given)
    {
        if (declared != given)
        {
            throw new ArgumentException($"{method.FullName} takes {declared.FullName} as its {role}, not {given.FullName}.", role);
        }
    }
}
