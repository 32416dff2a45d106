using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace OrleansVector.Gateway.Grpc;

/// <summary>The served methods by HTTP/2 path; built once at startup, looked up per call without reflection.</summary>
public sealed class GrpcMethodTable(IEnumerable<IGrpcMethod> methods)
{
    private readonly FrozenDictionary<string, IGrpcMethod> _methods = methods.ToFrozenDictionary(m => m.Path, StringComparer.Ordinal);

    public IEnumerable<string> Paths => _methods.Keys;

    public bool TryGet(string path, [MaybeNullWhen(false)] out IGrpcMethod method) => _methods.TryGetValue(path, out method);
}
