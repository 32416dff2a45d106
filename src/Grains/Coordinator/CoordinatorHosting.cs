using Microsoft.Extensions.DependencyInjection;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Grains.Coordinator;

/// <summary>Registers the coordinator on a silo. The silo must also register one <see cref="Hosting.DatabaseStorage"/> singleton.</summary>
public static class CoordinatorHosting
{
    public static SiloBuilder AddCoordinatorGrains(this SiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CoordinatorOptions>();
        return builder.AddGrain<ICoordinatorGrain, CoordinatorGrain>();
    }
}
