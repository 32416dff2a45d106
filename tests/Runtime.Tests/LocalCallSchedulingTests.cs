using System.Globalization;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests;

/// <summary>
/// Threads of local grain-to-grain calls: a chain that completes synchronously runs on its caller's thread and has
/// answered before the caller awaits (no thread-pool hop per call and per answer); the calls of a fan-out still run in
/// parallel; and turns stay one at a time and in sending order when the callers are grains.
/// </summary>
public sealed class LocalCallSchedulingTests
{
    [Fact]
    public async Task A_chain_of_local_calls_that_completes_synchronously_runs_on_the_callers_thread_and_has_answered_before_it_awaits()
    {
        // A quantum far beyond the test's length: past the quantum the chain goes on from the thread pool, which is right
        // but not what this test looks at.
        await using var silo = await TestSilos.StartSiloAsync(configure: b => b.Configure<SchedulingOptions>(o => o.ActivationSchedulingQuantum = TimeSpan.FromHours(1)));
        var chain = new Text { Value = string.Join(',', Enumerable.Range(0, 3).Select(i => $"link{i}-{Guid.NewGuid():N}")) };
        var head = silo.GrainFactory.GetGrain<IRelayGrain>(chain.Value.Split(',')[0]);
        await head.Relay(chain).Bounded(); // activates the three grains

        // The thread that delivered an earlier answer may still be leaving a group it drained; a chain run to its end on
        // this thread leaves all three groups free, and from then on every chain must.
        var settled = false;
        for (var attempt = 0; attempt < 100 && !settled; attempt++)
        {
            var call = head.Relay(chain);
            settled = call.IsCompleted;
            await call.Bounded();
        }
        Assert.True(settled, "no chain of three local calls completed synchronously on its caller's thread in 100 attempts");
        var thread = Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < 100; i++)
        {
            var call = head.Relay(chain);
            Assert.True(call.IsCompleted, "three nested local calls that complete synchronously must have answered when the first call returns");
            Assert.Equal($"{thread}/{thread}/{thread}", (await call).Value);
        }
    }

    [Fact]
    public async Task The_calls_of_a_fan_out_from_a_grain_run_in_parallel()
    {
        await using var silo = await TestSilos.StartSiloAsync();
        var fan = Probe.Create("fan");
        fan.Expected = 2;
        var members = $"fan-member-a-{Guid.NewGuid():N},fan-member-b-{Guid.NewGuid():N}";
        // Each member blocks its thread until both have arrived: the fan-out only finishes if they run at the same time.
        Assert.Equal(2, (await silo.GrainFactory.GetGrain<IRelayGrain>(fan.Key).FanOut(new Text { Value = members }).Bounded()).Value);
    }

    [Fact]
    public async Task A_non_reentrant_grain_called_by_many_grains_at_once_runs_one_request_at_a_time()
    {
        await using var silo = await TestSilos.StartSiloAsync();
        var probe = Probe.Create("fan-in");
        var callers = Enumerable.Range(0, 40).Select(i => silo.GrainFactory.GetGrain<IRelayGrain>($"fan-in-caller-{i}-{probe.Key}"));
        await Task.WhenAll(callers.Select(caller => Task.Run(() => caller.Work(new Text { Value = probe.Key })))).Bounded();
        Assert.Equal(1, probe.MaxRunning);
    }

    [Fact]
    public async Task Calls_from_one_grain_run_in_sending_order()
    {
        await using var silo = await TestSilos.StartSiloAsync();
        var probe = Probe.Create("grain-order");
        var sent = (await silo.GrainFactory.GetGrain<IRelayGrain>($"sender-{probe.Key}").AppendMany(new Text { Value = probe.Key }).Bounded()).Value;
        Assert.Equal(Enumerable.Range(0, (int)sent).Select(i => (long)i), probe.Appended);
    }

    [Fact]
    public async Task A_callee_activated_by_a_grain_finishes_activating_while_that_grain_is_busy()
    {
        await using var silo = await TestSilos.StartSiloAsync();
        var callee = Probe.Create("held-callee");
        callee.Expected = 1;
        var caller = Probe.Create("busy-caller");
        caller.Expected = 1;
        var grain = silo.GrainFactory.GetGrain<IActivatingCallerGrain>(caller.Key);

        // The caller's turn starts the callee's activation, which waits at its gate; then a second turn of the caller
        // blocks its queue, and only then does the callee's OnActivateAsync end. Finishing the activation (becoming valid,
        // starting the queued request) is the callee's own business: it must not wait for a turn of the caller.
        var answer = grain.CallHeld(new Text { Value = callee.Key });
        var blocked = grain.BlockUntilCalleeServed(new Text { Value = callee.Key });
        await caller.AllArrived.Task.Bounded();
        callee.Gate.SetResult();

        Assert.True((await blocked.Bounded()).Value == 1,
            $"the callee did not serve its first request within {ActivatingCallerGrain.BlockLimit} while its caller's queue was busy: its activation waited for the caller");
        Assert.Equal("served", (await answer.Bounded()).Value);
    }
}
