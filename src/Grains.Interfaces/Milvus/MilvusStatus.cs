using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Interfaces.Milvus;

/// <summary>
/// Builds common.Status the way Milvus does: the numeric code, the legacy error_code that older SDKs still read
/// (the Node SDK looks at error_code only), whether a retry may help, and the is_input_error flag.
/// </summary>
public static class MilvusStatus
{
    /// <summary>Status.extra_info key Milvus sets to "true" when the caller's input was at fault.</summary>
    public const string InputErrorKey = "is_input_error";

    /// <summary>A new success status (all zero); a fresh instance because protobuf messages are mutable.</summary>
    public static Status Success() => new();

    public static Status Error(MilvusErrorCode code, string reason)
    {
        if (code == MilvusErrorCode.Success)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "An error status needs a non-zero code.");
        }
        var input = IsInputError(code);
        var status = new Status
        {
            Code = (int)code,
            ErrorCode = LegacyCode(code),
            Reason = reason,
            Detail = reason,
            Retriable = !input && IsRetriable(code),
        };
        if (input)
        {
            status.ExtraInfo[InputErrorKey] = "true";
        }
        return status;
    }

    /// <summary>The deprecated ErrorCode for a code, as Milvus's oldCode mapping gives it; UnexpectedError where none fits.</summary>
    public static ErrorCode LegacyCode(MilvusErrorCode code) => code switch
    {
        MilvusErrorCode.Success => ErrorCode.Success,
        MilvusErrorCode.ServiceNotReady => ErrorCode.NotReadyServe,
        MilvusErrorCode.CollectionNotFound => ErrorCode.CollectionNotExists,
        MilvusErrorCode.ParameterInvalid or MilvusErrorCode.ParameterMissing or MilvusErrorCode.ParameterTooLarge => ErrorCode.IllegalArgument,
        MilvusErrorCode.PartitionNotFound or MilvusErrorCode.ReplicaNotFound => ErrorCode.MetaFailed,
        MilvusErrorCode.ReplicaNotAvailable => ErrorCode.NoReplicaAvailable,
        MilvusErrorCode.MemoryLimitExceeded => ErrorCode.InsufficientMemoryToLoad,
        MilvusErrorCode.DiskLimitExceeded => ErrorCode.DiskQuotaExhausted,
        MilvusErrorCode.TimeTickLongDelay => ErrorCode.TimeTickLongDelay,
        MilvusErrorCode.RateLimit => ErrorCode.RateLimit,
        MilvusErrorCode.QuotaExceeded => ErrorCode.ForceDeny,
        MilvusErrorCode.IndexNotFound => ErrorCode.IndexNotExist,
        MilvusErrorCode.SegmentNotFound => ErrorCode.SegmentNotFound,
        MilvusErrorCode.CollectionSchemaMismatch => ErrorCode.SchemaMismatch,
        _ => ErrorCode.UnexpectedError,
    };

    private static bool IsRetriable(MilvusErrorCode code) => code is MilvusErrorCode.ServiceNotReady or MilvusErrorCode.ServiceUnavailable
        or MilvusErrorCode.TooManyRequests or MilvusErrorCode.RateLimit or MilvusErrorCode.CollectionNotFullyLoaded
        or MilvusErrorCode.PartitionNotFullyLoaded;

    /// <summary>Errors the gateway reports about what the caller sent or named (Milvus's proxy marks the not-found family so too).</summary>
    private static bool IsInputError(MilvusErrorCode code) => code is MilvusErrorCode.CollectionNotFound
        or MilvusErrorCode.CollectionNumLimitExceeded or MilvusErrorCode.CollectionAlreadyLoaded or MilvusErrorCode.CollectionIllegalSchema
        or MilvusErrorCode.CollectionSchemaMismatch or MilvusErrorCode.PartitionNotFound or MilvusErrorCode.IndexDuplicate
        or MilvusErrorCode.DatabaseNotFound or MilvusErrorCode.DatabaseNumLimitExceeded or MilvusErrorCode.DatabaseInvalidName
        or MilvusErrorCode.ParameterInvalid or MilvusErrorCode.ParameterMissing or MilvusErrorCode.ParameterTooLarge
        or MilvusErrorCode.NotAuthenticated or MilvusErrorCode.PrivilegeNotPermitted or MilvusErrorCode.AliasNotFound
        or MilvusErrorCode.FieldNotFound or MilvusErrorCode.QueryPlan;
}
