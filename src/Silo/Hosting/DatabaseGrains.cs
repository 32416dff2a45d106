using OrleansVector.Grains.Coordinator;
using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Silo.Hosting;

/// <summary>The grains a database silo hosts: the coordinator; the data path's grains join when their hosting extension is in main.</summary>
public static class DatabaseGrains
{
    public static SiloBuilder AddTo(SiloBuilder builder) => builder.AddCoordinatorGrains();
}
