using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests;

/// <summary>Status.code and the legacy Status.error_code that the Node SDK reads (Milvus's oldCode mapping).</summary>
public sealed class MilvusStatusTests
{
    [Theory]
    [InlineData(MilvusErrorCode.ServiceNotReady, ErrorCode.NotReadyServe)]
    [InlineData(MilvusErrorCode.CollectionNotFound, ErrorCode.CollectionNotExists)]
    [InlineData(MilvusErrorCode.ParameterInvalid, ErrorCode.IllegalArgument)]
    [InlineData(MilvusErrorCode.ParameterMissing, ErrorCode.IllegalArgument)]
    [InlineData(MilvusErrorCode.PartitionNotFound, ErrorCode.MetaFailed)]
    [InlineData(MilvusErrorCode.IndexNotFound, ErrorCode.IndexNotExist)]
    [InlineData(MilvusErrorCode.RateLimit, ErrorCode.RateLimit)]
    [InlineData(MilvusErrorCode.QuotaExceeded, ErrorCode.ForceDeny)]
    [InlineData(MilvusErrorCode.CollectionSchemaMismatch, ErrorCode.SchemaMismatch)]
    [InlineData(MilvusErrorCode.CollectionNotLoaded, ErrorCode.UnexpectedError)]
    [InlineData(MilvusErrorCode.Unexpected, ErrorCode.UnexpectedError)]
    public void An_error_carries_the_code_and_its_legacy_error_code(MilvusErrorCode code, ErrorCode legacy)
    {
        var status = MilvusStatus.Error(code, "why");

        Assert.Equal((int)code, status.Code);
        Assert.Equal(legacy, status.ErrorCode);
        Assert.Equal("why", status.Reason);
    }

    [Fact]
    public void The_legacy_numbers_are_the_ones_SDKs_compare_against()
    {
        Assert.Equal(4, (int)MilvusStatus.LegacyCode(MilvusErrorCode.CollectionNotFound));
        Assert.Equal(25, (int)MilvusStatus.LegacyCode(MilvusErrorCode.IndexNotFound));
        Assert.Equal(62, (int)MilvusStatus.LegacyCode(MilvusErrorCode.CollectionSchemaMismatch));
    }

    [Fact]
    public void Input_errors_are_flagged_and_never_retriable()
    {
        var input = MilvusStatus.Error(MilvusErrorCode.ParameterInvalid, "dim must be positive");
        var transient = MilvusStatus.Error(MilvusErrorCode.RateLimit, "slow down");

        Assert.Equal("true", input.ExtraInfo[MilvusStatus.InputErrorKey]);
        Assert.False(input.Retriable);
        Assert.Empty(transient.ExtraInfo);
        Assert.True(transient.Retriable);
    }

    [Fact]
    public void Success_is_all_zero_and_a_fresh_instance()
    {
        var a = MilvusStatus.Success();
        a.Reason = "changed";

        Assert.Equal(new Status(), MilvusStatus.Success());
        Assert.Throws<ArgumentOutOfRangeException>(() => MilvusStatus.Error(MilvusErrorCode.Success, "not an error"));
    }
}
