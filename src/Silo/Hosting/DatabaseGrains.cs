using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Silo.Hosting;

/// <summary>The grains a database silo hosts: the coordinator and, once they exist, the data path's grains.</summary>
public static class DatabaseGrains
{
    public static SiloBuilder AddTo(SiloBuilder builder) => builder;
}
