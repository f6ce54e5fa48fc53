using Journey.Grains.Policies;
using Journey.Grains.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Journey.Grains;

public static class JourneyGrainServices
{
    /// <summary>Services the grains depend on besides storage: the policy catalog and the clock driver.</summary>
    public static IServiceCollection AddJourneyGrainDependencies(this IServiceCollection services)
    {
        services.AddSingleton<PolicyCatalog>();
        services.AddSingleton<ClockDriver>();
        services.AddOptions<Preview.PreviewOptions>();
        services.AddSingleton<Preview.PreviewWorkers>();
        return services;
    }
}
