using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Messaging;

namespace OrleansVector.Runtime.Hosting;

/// <summary>
/// A silo: hosts activations, serves calls from other silos over HTTP/2 and holds a membership lease. Start joins the
/// cluster; Stop is graceful (no new activations here, every activation deactivated with OnDeactivateAsync, then the lease
/// ends); Kill is a crash (no graceful step; the lease expires on its own). A silo that loses its lease drops its
/// activations without running grain code and joins again with a new generation.
/// </summary>
public sealed partial class Silo : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly SiloRuntime _runtime;
    private readonly SiloEndpoint _endpoint;
    private readonly ILogger _logger;
    private readonly MembershipOptions _membershipOptions;
    private IPEndPoint? _boundEndpoint;

    internal Silo(ServiceProvider services)
    {
        _services = services;
        _runtime = services.GetRequiredService<SiloRuntime>();
        _endpoint = new SiloEndpoint(_runtime);
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansVector.Runtime.Silo");
        _membershipOptions = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MembershipOptions>>().Value;
        _runtime.Membership.LeaseLost += OnLeaseLost;
        _runtime.Membership.SiloDied += _runtime.MessageCenter.OnSiloDead;
    }

    /// <summary>The silo's parts, for tests that look inside.</summary>
    internal SiloRuntime Runtime => _runtime;

    /// <summary>The current incarnation (a new generation after rejoining).</summary>
    public SiloAddress Address => _runtime.LocalSilo;

    public string Name => _runtime.Silo.SiloName;

    /// <summary>The membership lease of the current incarnation.</summary>
    public long LeaseId => _runtime.LeaseId;

    public SiloLifecycleStatus Status => _runtime.Status;

    public IGrainFactory GrainFactory => _runtime.GrainFactory;

    /// <summary>The silo's services (the ones grains get in their constructors).</summary>
    public IServiceProvider Services => _services;

    /// <summary>Activations hosted here now.</summary>
    public int ActivationCount => _runtime.Catalog.Count;

    /// <summary>Activations hosted here now that completed OnActivateAsync, per grain type name (a type seen before stays, at 0).</summary>
    public IReadOnlyDictionary<string, long> ActivationCountsByGrainType() => _runtime.Instruments.ActivationCountsByGrainType();

    /// <summary>Activations that completed OnActivateAsync here since start.</summary>
    public long ActivationsCreated => _runtime.Instruments.ActivationsCreated;

    /// <summary>Calls from this silo that timed out since start.</summary>
    public long Timeouts => _runtime.Instruments.Timeouts;

    /// <summary>This silo's view of the membership table.</summary>
    public MembershipSnapshot Membership => _runtime.Membership.Snapshot;

    /// <summary>Raised after this silo applied a new membership snapshot.</summary>
    public event Action<MembershipSnapshot>? MembershipChanged
    {
        add => _runtime.Membership.SnapshotApplied += value;
        remove => _runtime.Membership.SnapshotApplied -= value;
    }

    /// <summary>Raised when this silo joined (again) and serves under <see cref="Address"/>.</summary>
    public event Action<SiloAddress>? Joined;

    /// <summary>Raised after this silo stopped serving because its lease may end (it already dropped its activations).</summary>
    public event Action<SiloAddress>? LeaseLost;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_runtime.Status != SiloLifecycleStatus.Created)
        {
            throw new InvalidOperationException($"Silo {Name} is {_runtime.Status}; a silo starts once.");
        }
        _runtime.MessageCenter.Start();
        _boundEndpoint = await _endpoint.StartAsync(cancellationToken);
        await JoinAsync(cancellationToken);
        _runtime.Collector.Start();
    }

    /// <summary>Graceful stop: deactivates every activation (OnDeactivateAsync runs), then leaves the cluster.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_runtime.Status is SiloLifecycleStatus.Stopped or SiloLifecycleStatus.Dead)
        {
            return;
        }
        LogInformationStopping(_logger, Name);
        _runtime.Status = SiloLifecycleStatus.ShuttingDown;
        _runtime.Collector.Dispose();
        await _runtime.Membership.PublishAsync(cancellationToken);
        await _runtime.Catalog.DeactivateAllAsync(new DeactivationReason(DeactivationReasonCode.ShuttingDown, $"silo {Name} is stopping"));
        await _runtime.Membership.LeaveAsync(cancellationToken);
        _runtime.Status = SiloLifecycleStatus.Stopped;
        _runtime.MessageCenter.FailAll(new SiloUnavailableException($"Silo {Name} stopped before the call completed."));
        _runtime.MessageCenter.Dispose();
        await _endpoint.StopAsync(cancellationToken);
        _runtime.Transport.Dispose();
    }

    /// <summary>Crash: connections close, activations vanish without grain code, the lease is left to expire.</summary>
    public async Task KillAsync()
    {
        _runtime.Status = SiloLifecycleStatus.Dead;
        _runtime.Collector.Dispose();
        await _endpoint.AbortAsync();
        _runtime.Catalog.DropAll(new SiloUnavailableException($"Silo {Name} was killed."));
        await _runtime.Membership.AbandonAsync();
        _runtime.MessageCenter.FailAll(new SiloUnavailableException($"Silo {Name} was killed before the call completed."));
        _runtime.MessageCenter.Dispose();
        _runtime.Transport.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_runtime.Status is not (SiloLifecycleStatus.Stopped or SiloLifecycleStatus.Dead or SiloLifecycleStatus.Created))
        {
            await KillAsync();
        }
        await _runtime.Membership.DisposeAsync();
        await _endpoint.DisposeAsync();
        await _services.DisposeAsync();
    }

    private async Task JoinAsync(CancellationToken cancellationToken)
    {
        _runtime.LocalSilo = new SiloAddress(_boundEndpoint!, SiloAddress.AllocateGeneration(_runtime.Time));
        _runtime.Status = SiloLifecycleStatus.Joining;
        await _runtime.Membership.JoinAsync(cancellationToken);
        _runtime.Status = SiloLifecycleStatus.Active;
        Joined?.Invoke(_runtime.LocalSilo);
    }

    /// <summary>Runs synchronously on the fencing timer: stop serving before the store can expire the lease.</summary>
    private void OnLeaseLost()
    {
        if (_runtime.Status is not (SiloLifecycleStatus.Active or SiloLifecycleStatus.Joining))
        {
            return;
        }
        _runtime.Status = SiloLifecycleStatus.Fenced;
        _runtime.Catalog.DropAll(new SiloUnavailableException($"Silo {Name} lost its membership lease; the call was not executed."));
        LeaseLost?.Invoke(_runtime.LocalSilo);
        if (_membershipOptions.RejoinAfterLeaseLoss)
        {
            _ = RejoinAsync();
        }
    }

    private async Task RejoinAsync()
    {
        while (_runtime.Status == SiloLifecycleStatus.Fenced)
        {
            try
            {
                await JoinAsync(CancellationToken.None).ConfigureAwait(false);
                LogInformationRejoined(_logger, Name, _runtime.LocalSilo);
                return;
            }
            catch (Exception exception)
            {
                _runtime.Status = SiloLifecycleStatus.Fenced;
                LogWarningRejoinFailed(_logger, exception, Name);
                await Task.Delay(_membershipOptions.KeepAliveInterval, _runtime.Time).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Silo {Name} is stopping")]
    private static partial void LogInformationStopping(ILogger logger, string name);

    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "Silo {Name} rejoined as {Silo}")]
    private static partial void LogInformationRejoined(ILogger logger, string name, SiloAddress silo);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "Silo {Name} could not rejoin the cluster; retrying")]
    private static partial void LogWarningRejoinFailed(ILogger logger, Exception exception, string name);
}
