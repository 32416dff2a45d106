using OrleansVector.Runtime.Tests.Infrastructure;

namespace OrleansVector.Runtime.Tests;

/// <summary>
/// A silo cut off from the membership store (its renewals fail) must stop serving before its lease can expire, because
/// only then may another silo register its grains. Checked on a manual clock, half a second at a time, with calls going on
/// throughout; persisted ETags prove that no grain ever had two activations writing at once.
/// </summary>
public sealed class LeaseLossTests
{
    private const int Grains = 40;

    [Fact]
    public async Task A_silo_whose_keep_alives_stop_stops_serving_before_another_silo_can_activate_its_grains()
    {
        var time = new ManualTimeProvider();
        var storage = new MemoryGrainStorage();
        await using var cluster = await TestSilos.StartClusterAsync(2, time, storage);
        var (survivor, cutOff) = (cluster.Silos[0], cluster.Silos[1]);
        var cutOffAddress = cutOff.Address;
        var keys = Enumerable.Range(0, Grains).Select(i => $"lease-{i}-{Guid.NewGuid():N}").ToList();
        var ledger = new CounterLedger(keys);
        await ledger.IncrementAllAsync(survivor);
        Assert.Equal(Grains, cluster.Directory.Count);
        var hostedByCutOff = new List<string>();
        foreach (var key in keys)
        {
            if ((await cluster.Directory.LookupAsync(new GrainId("counter", key), default))!.Silo == cutOffAddress)
            {
                hostedByCutOff.Add(key);
            }
        }
        Assert.InRange(hostedByCutOff.Count, 1, Grains - 1);

        cluster.Membership.SuspendKeepAlives(cutOffAddress);
        var sawFencedWhileLeaseAlive = false;
        for (var step = 0; step < 30; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            var leaseAlive = cluster.Membership.Snapshot.Find(cutOffAddress) is not null;
            var fenced = cutOff.Address != cutOffAddress || cutOff.Status == SiloLifecycleStatus.Fenced;
            Assert.True(fenced || leaseAlive, $"at step {step} the lease of {cutOffAddress} expired while the silo still served");
            if (fenced && leaseAlive)
            {
                sawFencedWhileLeaseAlive = true;
                if (cutOff.Status == SiloLifecycleStatus.Fenced)
                {
                    Assert.Equal(0, cutOff.ActivationCount);
                }
                // Only the cut-off silo's endpoint can hold its grains now: its old incarnation, or the new one after it
                // rejoined (which it does only after dropping everything). The survivor could not have registered them.
                foreach (var key in hostedByCutOff)
                {
                    var entry = await cluster.Directory.LookupAsync(new GrainId("counter", key), default);
                    Assert.Equal(cutOffAddress.Endpoint, entry?.Silo.Endpoint ?? cutOffAddress.Endpoint);
                }
            }
            await ledger.IncrementAllAsync(survivor);
        }
        Assert.True(sawFencedWhileLeaseAlive);

        await cluster.WaitForMembershipAsync(s => s.Find(cutOffAddress) is null && s.Members.Length == 2);
        await ledger.AssertEveryWriteWasAcknowledgedAsync(survivor, storage);
    }
}
