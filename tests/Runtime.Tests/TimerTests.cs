using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests;

public sealed class TimerTests
{
    /// <summary>
    /// A tick is a turn queued on the activation when the clock reaches it, so a request made after advancing the clock runs
    /// after that tick (and after the tick re-armed the timer): the counts are exact without waiting.
    /// </summary>
    [Fact]
    public async Task A_grain_timer_ticks_once_per_period_as_a_turn_and_stops_when_disposed()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilos.StartSiloAsync(time);
        var probe = Probe.Create("timer");
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>(probe.Key);
        await grain.Start(new Number { Value = 1 });
        Assert.Equal(0, (await grain.Ticks()).Value);
        for (var minute = 1; minute <= 3; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(minute, (await grain.Ticks().Bounded()).Value);
        }
        await grain.StopTimer();
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(3, (await grain.Ticks().Bounded()).Value);
        Assert.Equal(1, probe.MaxRunning);
    }

    [Fact]
    public async Task Timers_end_with_their_activation()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilos.StartSiloAsync(time);
        var probe = Probe.Create("timer-deactivated");
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>(probe.Key);
        await grain.Start(new Number { Value = 1 });
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await grain.Ticks()).Value);
        await grain.Deactivate();
        Assert.Equal(1, (await grain.Ticks().Bounded()).Value); // a new activation, with no timer
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, (await grain.Ticks().Bounded()).Value);
    }
}
