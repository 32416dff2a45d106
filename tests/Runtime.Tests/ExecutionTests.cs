using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests;

public sealed class ExecutionTests : SingleSiloTest
{
    [Fact]
    public async Task A_non_reentrant_grain_never_runs_two_requests_at_once()
    {
        var probe = Probe.Create("turns");
        var grain = Factory.GetGrain<IConcurrencyGrain>(probe.Key);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => grain.Work(new Number { Value = 5 })))).Bounded();
        Assert.Equal(1, probe.MaxRunning);
    }

    [Fact]
    public async Task Read_only_requests_overlap()
    {
        var probe = Probe.Create("readers");
        probe.Expected = 3;
        var grain = Factory.GetGrain<IConcurrencyGrain>(probe.Key);
        // Each reader waits until all three are inside the grain: they can only finish if they overlap.
        await Task.WhenAll(grain.ReadTogether(), grain.ReadTogether(), grain.ReadTogether()).Bounded();
    }

    [Fact]
    public async Task Read_only_requests_do_not_interleave_with_writers()
    {
        var probe = Probe.Create("rw");
        probe.Expected = 1;
        var grain = Factory.GetGrain<IConcurrencyGrain>(probe.Key);
        var holding = grain.ReadAndHold();
        await probe.AllArrived.Task.Bounded();
        var writer = grain.Write();
        // A second reader gets in beside the first; the writer must still be waiting for the readers.
        Assert.Equal("writer waiting", (await grain.ReadWriterState().Bounded()).Value);
        probe.Gate.SetResult();
        await Task.WhenAll(holding, writer).Bounded();
        Assert.True(probe.WriterStarted);
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_requests()
    {
        var probe = Probe.Create("reentrant");
        var grain = Factory.GetGrain<IReentrantGrain>(probe.Key);
        await Task.WhenAll(grain.WaitForOthers(), grain.WaitForOthers()).Bounded();
    }

    [Fact]
    public async Task A_non_reentrant_grain_does_not_interleave_at_awaits()
    {
        var probe = Probe.Create("blocked");
        probe.Expected = 1;
        var grain = Factory.GetGrain<IConcurrencyGrain>(probe.Key);
        var first = grain.Hold();
        await probe.AllArrived.Task.Bounded();
        var second = grain.Append(new Number { Value = 7 });
        // AlwaysInterleave gets in while Hold waits at its await; the append is still queued behind Hold.
        await grain.Peek().Bounded();
        Assert.Empty(probe.Appended);
        Assert.False(second.IsCompleted);
        probe.Gate.SetResult();
        await Task.WhenAll(first, second).Bounded();
        Assert.Equal([7L], probe.Appended);
    }

    [Fact]
    public async Task Calls_from_one_caller_run_in_sending_order()
    {
        var probe = Probe.Create("order");
        var grain = Factory.GetGrain<IConcurrencyGrain>(probe.Key);
        var calls = Enumerable.Range(0, 300).Select(i => grain.Append(new Number { Value = i })).ToList();
        await Task.WhenAll(calls).Bounded();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), probe.Appended);
    }

    [Fact]
    public async Task One_way_calls_complete_before_the_grain_runs_them()
    {
        var probe = Probe.Create("oneway");
        probe.Expected = 1;
        var grain = Factory.GetGrain<IConcurrencyGrain>(probe.Key);
        await grain.Fire(new Number { Value = 5 }).Bounded();
        Assert.Empty(probe.Appended);
        probe.Gate.SetResult();
        await probe.AllArrived.Task.Bounded();
        Assert.Equal([5L], probe.Appended);
    }
}
