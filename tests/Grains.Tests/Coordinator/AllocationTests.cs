using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Storage.Tso;
using static OrleansVector.Grains.Tests.Coordinator.Schemas;

namespace OrleansVector.Grains.Tests.Coordinator;

public sealed class AllocationTests : CoordinatorTest
{
    [Fact]
    public async Task Timestamps_strictly_increase_and_never_repeat_under_concurrent_callers()
    {
        var single = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Coordinator.AllocTimestamp(new AllocTimestampRequest())));
        var blocks = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Coordinator.AllocateTimestamps(new AllocateRequest { Count = 50 })));
        Assert.All(single, r => AssertSuccess(r.Status));
        Assert.All(blocks, r => AssertSuccess(r.Status));
        var all = single.Select(r => r.Timestamp).Concat(blocks.SelectMany(b => Enumerable.Range(0, (int)b.Count).Select(i => b.Begin + (ulong)i))).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());

        var sequential = new List<ulong>();
        for (var i = 0; i < 100; i++)
        {
            sequential.Add((await Coordinator.AllocTimestamp(new AllocTimestampRequest())).Timestamp);
        }
        Assert.Equal(sequential.Order(), sequential);
        Assert.Equal(sequential.Count, sequential.Distinct().Count());
        Assert.True(sequential[0] > all.Max());
        // Hybrid timestamps: physical milliseconds near now.
        var physical = HybridTimestamp.ToDateTime(sequential[^1]);
        Assert.InRange(physical, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Id_blocks_do_not_overlap_and_counts_are_checked()
    {
        var blocks = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Coordinator.AllocateIds(new AllocateRequest { Count = (uint)(i + 1) })));
        var ids = blocks.SelectMany(b => Enumerable.Range(0, (int)b.Count).Select(i => b.Begin + (ulong)i)).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Sum(), ids.Distinct().Count());
        AssertError((await Coordinator.AllocateIds(new AllocateRequest { Count = 0 })).Status, MilvusErrorCode.ParameterInvalid, "count");
        AssertError((await Coordinator.AllocateTimestamps(new AllocateRequest { Count = 1 << 19 })).Status, MilvusErrorCode.ParameterInvalid, "count");
    }
}
