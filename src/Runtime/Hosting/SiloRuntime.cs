using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansVector.Runtime.Catalog;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Diagnostics;
using OrleansVector.Runtime.Invocation;
using OrleansVector.Runtime.Membership;
using OrleansVector.Runtime.Messaging;
using OrleansVector.Runtime.Placement;

namespace OrleansVector.Runtime.Hosting;

/// <summary>The parts of one silo and what they share (options, clock, identity, status): the silo's composition root.</summary>
internal sealed class SiloRuntime
{
    private volatile SiloAddress? _localSilo;
    private volatile string _localSiloText = "";
    private volatile int _status;

    public SiloRuntime(
        IServiceProvider services,
        GrainTypeRegistry registry,
        IMembershipTable membershipTable,
        IGrainDirectory directory,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        IOptions<ClusterOptions> cluster,
        IOptions<SiloOptions> silo,
        IOptions<MessagingOptions> messaging,
        IOptions<GrainCollectionOptions> collection,
        IOptions<SchedulingOptions> scheduling,
        IOptions<MembershipOptions> membership,
        IOptions<GrainDirectoryOptions> directoryOptions)
    {
        Services = services;
        Registry = registry;
        Directory = directory;
        Time = time;
        Cluster = cluster.Value;
        Silo = silo.Value;
        Messaging = messaging.Value;
        Collection = collection.Value;
        Scheduling = scheduling.Value;
        ActivationLogger = loggerFactory.CreateLogger("OrleansVector.Runtime.Catalog");
        MessagingLogger = loggerFactory.CreateLogger("OrleansVector.Runtime.Messaging");
        Instruments = new RuntimeInstruments(Silo.SiloName);
        Catalog = new GrainCatalog(this);
        Membership = new MembershipService(membershipTable, membership.Value, time, loggerFactory.CreateLogger("OrleansVector.Runtime.Membership"), DescribeSelf);
        Transport = new HttpSiloTransport(Messaging);
        MessageCenter = new MessageCenter(this, new GrainLocator(this, new PlacementService(this), directoryOptions.Value.CacheSize), Transport);
        GrainFactory = new GrainFactory(MessageCenter);
        Collector = new ActivationCollector(this);
    }

    public IServiceProvider Services { get; }

    public GrainTypeRegistry Registry { get; }

    public IGrainDirectory Directory { get; }

    public TimeProvider Time { get; }

    public ClusterOptions Cluster { get; }

    public SiloOptions Silo { get; }

    public MessagingOptions Messaging { get; }

    public GrainCollectionOptions Collection { get; }

    public SchedulingOptions Scheduling { get; }

    public ILogger ActivationLogger { get; }

    public ILogger MessagingLogger { get; }

    public RuntimeInstruments Instruments { get; }

    public GrainCatalog Catalog { get; }

    public MembershipService Membership { get; }

    public HttpSiloTransport Transport { get; }

    public MessageCenter MessageCenter { get; }

    public IGrainFactory GrainFactory { get; }

    public ActivationCollector Collector { get; }

    /// <summary>This silo's current incarnation; a new one after rejoining.</summary>
    public SiloAddress LocalSilo
    {
        get => _localSilo ?? throw new InvalidOperationException("The silo has not started yet.");
        set
        {
            _localSilo = value;
            _localSiloText = value.ToString();
        }
    }

    public string LocalSiloText => _localSiloText;

    public long LeaseId => Membership.LeaseId;

    public SiloLifecycleStatus Status
    {
        get => (SiloLifecycleStatus)_status;
        set => _status = (int)value;
    }

    public bool AcceptsNewActivations => Status == SiloLifecycleStatus.Active;

    /// <summary>Requests are served while active and while shutting down (to finish what is queued).</summary>
    public bool CanServe => Status is SiloLifecycleStatus.Active or SiloLifecycleStatus.ShuttingDown;

    public bool CanSend => Status is SiloLifecycleStatus.Active or SiloLifecycleStatus.ShuttingDown or SiloLifecycleStatus.Fenced or SiloLifecycleStatus.Joining;

    private SiloEntry DescribeSelf() => new(
        LocalSilo,
        Silo.SiloName,
        Silo.Role,
        Status == SiloLifecycleStatus.Active || Status == SiloLifecycleStatus.Joining ? SiloStatus.Active : SiloStatus.ShuttingDown,
        Catalog.Count);
}
