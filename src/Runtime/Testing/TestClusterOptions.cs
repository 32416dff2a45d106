using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Runtime.Testing;

/// <summary>How a <see cref="TestCluster"/> is built.</summary>
public sealed class TestClusterOptions
{
    public int InitialSilosCount { get; set; } = 2;

    /// <summary>The clock of every silo and of the membership table; tests pass a manual one to control time.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Configures each silo (grains, storage, options); the argument is the silo's index.</summary>
    public Action<SiloBuilder, int>? ConfigureSilo { get; set; }
}
