using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Storage.Tso;

namespace OrleansVector.Grains.Coordinator;

// The TSO and id allocation: served from DatabaseStorage, which persists its high-water marks, so values only grow across restarts.
public sealed partial class CoordinatorGrain
{
    public async Task<AllocTimestampResponse> AllocTimestamp(AllocTimestampRequest request)
    {
        try
        {
            return new AllocTimestampResponse { Status = MilvusStatus.Success(), Timestamp = await _storage.Tso.GetTimestampAsync() };
        }
        catch (TsoFencedException e)
        {
            return new AllocTimestampResponse { Status = Unavailable(e) };
        }
    }

    public async Task<AllocateResponse> AllocateTimestamps(AllocateRequest request)
    {
        if (request.Count is 0 or > HybridTimestamp.LogicalPerMillisecond)
        {
            return InvalidCount(request, HybridTimestamp.LogicalPerMillisecond);
        }
        try
        {
            var range = await _storage.Tso.AllocateAsync((int)request.Count);
            return new AllocateResponse { Status = MilvusStatus.Success(), Begin = range.First, Count = request.Count };
        }
        catch (TsoFencedException e)
        {
            return new AllocateResponse { Status = Unavailable(e) };
        }
    }

    public async Task<AllocateResponse> AllocateIds(AllocateRequest request)
    {
        if (request.Count is 0 or > int.MaxValue)
        {
            return InvalidCount(request, int.MaxValue);
        }
        var range = await _storage.Ids.AllocateAsync((int)request.Count);
        return new AllocateResponse { Status = MilvusStatus.Success(), Begin = (ulong)range.Start, Count = request.Count };
    }

    private static AllocateResponse InvalidCount(AllocateRequest request, long max) => new()
    {
        Status = MilvusStatus.Error(MilvusErrorCode.ParameterInvalid, $"Allocation count {request.Count} is out of range; valid range is [1, {max}]."),
    };

    private static Status Unavailable(TsoFencedException e) =>
        MilvusStatus.Error(MilvusErrorCode.ServiceUnavailable, $"The timestamp oracle of this coordinator was taken over: {e.Message}");
}
