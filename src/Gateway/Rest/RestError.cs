namespace OrleansVector.Gateway.Rest;

/// <summary>Milvus's REST-only error codes (merr 1800-1807), for what the JSON body or the caller got wrong.</summary>
public static class RestError
{
    public const int NeedAuthenticate = 1800;
    public const int IncorrectParameterFormat = 1801;
    public const int MissingRequiredParameters = 1802;
}

/// <summary>A request body the REST API cannot use: <see cref="Code"/> is 1801 (format) or 1802 (missing).</summary>
public sealed class RestParameterException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
