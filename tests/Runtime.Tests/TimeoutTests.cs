using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;

namespace OrleansVector.Runtime.Tests;

public sealed class TimeoutTests
{
    [Fact]
    public async Task A_method_timeout_raises_a_timeout_naming_grain_and_method()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilos.StartSiloAsync(time);
        var probe = Probe.Create("hang");
        var grain = silo.GrainFactory.GetGrain<IConcurrencyGrain>(probe.Key);
        await grain.Peek(); // activated: the activation timeout is not what this test is about
        var call = grain.HangBriefly();
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        var exception = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains($"concurrency/{probe.Key}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("IConcurrencyGrain.HangBriefly", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, silo.Timeouts);
        probe.Gate.SetResult();
    }

    [Fact]
    public async Task The_default_timeout_is_configurable()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilos.StartSiloAsync(time, b => b.Configure<Configuration.MessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2)));
        var probe = Probe.Create("hang-long");
        var grain = silo.GrainFactory.GetGrain<IConcurrencyGrain>(probe.Key);
        await grain.Peek();
        var call = grain.HangLong();
        time.Advance(TimeSpan.FromSeconds(119));
        Assert.False(call.IsCompleted, call.Exception?.ToString());
        time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<TimeoutException>(() => call);
        probe.Gate.SetResult();
    }
}
