using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansVector.Runtime.Diagnostics;
using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests;

/// <summary>Activations are counted per grain type, both on the silo and on the tagged activations instrument.</summary>
public sealed class ActivationMetricsTests
{
    [Fact]
    public async Task Activations_are_counted_per_grain_type_on_the_silo_and_the_instrument_until_they_leave()
    {
        var siloName = $"metrics-{Guid.NewGuid():N}";
        using var recorded = new ActivationsRecorder(siloName);
        var silo = await TestSilos.StartSiloAsync(configure: b => b.Configure<Configuration.SiloOptions>(o => o.SiloName = siloName));
        await using (silo)
        {
            for (var i = 0; i < 3; i++)
            {
                await silo.GrainFactory.GetGrain<IEchoGrain>($"metrics-{i}").Echo(new Text { Value = "x" });
            }
            await silo.GrainFactory.GetGrain<ILifecycleGrain>(Probe.Create("metrics").Key).Hello();
            await silo.GrainFactory.GetGrain<ILifecycleGrain>(Probe.Create("metrics").Key).Hello();
            await silo.GrainFactory.GetGrain<IEchoGrain>("metrics-0").Echo(new Text { Value = "again" }); // same activation

            var counts = silo.ActivationCountsByGrainType();
            Assert.Equal(3, counts["echo"]);
            Assert.Equal(2, counts["lifecycle"]);
            Assert.Equal(2, counts.Count);
            Assert.Equal(counts, recorded.Snapshot());

            await silo.StopAsync();
            Assert.All(silo.ActivationCountsByGrainType().Values, count => Assert.Equal(0, count));
            Assert.All(recorded.Snapshot().Values, count => Assert.Equal(0, count));
        }
    }

    [Fact]
    public async Task An_activation_that_failed_is_never_counted()
    {
        await using var silo = await TestSilos.StartSiloAsync();
        var failing = Probe.Create("metrics-failing");
        failing.FailActivation = true;
        failing.Gate.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => silo.GrainFactory.GetGrain<ILifecycleGrain>(failing.Key).Hello().Bounded());
        Assert.Equal(0, silo.ActivationCountsByGrainType().GetValueOrDefault("lifecycle"));

        await silo.GrainFactory.GetGrain<ILifecycleGrain>(Probe.Create("metrics-ok").Key).Hello();
        Assert.Equal(1, silo.ActivationCountsByGrainType()["lifecycle"]);
    }

    /// <summary>Sums the activations instrument's measurements per grain_type for one silo (the meter is shared by every silo of the process).</summary>
    private sealed class ActivationsRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _byType = new(StringComparer.Ordinal);

        public ActivationsRecorder(string siloName)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RuntimeInstruments.MeterName && instrument.Name == "orleansvector.runtime.activations")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? silo = null, type = null;
                foreach (var tag in tags)
                {
                    (silo, type) = tag.Key switch
                    {
                        "silo" => (tag.Value as string, type),
                        "grain_type" => (silo, tag.Value as string),
                        _ => (silo, type),
                    };
                }
                if (silo == siloName && type is not null)
                {
                    _byType.AddOrUpdate(type, value, (_, sum) => sum + value);
                }
            });
            _listener.Start();
        }

        public Dictionary<string, long> Snapshot() => new(_byType, StringComparer.Ordinal);

        public void Dispose() => _listener.Dispose();
    }
}
