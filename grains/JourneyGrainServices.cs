using Journey.Grains.Policies;
using Journey.Grains.Scheduling;
using Journey.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Journey.Grains;

public static class JourneyGrainServices
{
    /// <summary>Services the grains depend on besides storage (the host registers an <see cref="ICustomerStore"/>, an adapter of storage/): the policy catalog, the clock driver, the effects.</summary>
    public static IServiceCollection AddJourneyGrainDependencies(this IServiceCollection services)
    {
        services.AddSingleton<PolicyCatalog>();
        services.AddSingleton<ClockDriver>();
        services.AddSingleton<IClockControl>(sp => sp.GetRequiredService<ClockDriver>());
        services.AddSingleton<Journey.Abstractions.Preview.PreviewWorkers>();

        services.TryAddSingleton(new CustomerStoreOptions());
        services.TryAddSingleton(new Effects.EffectOptions());
        services.AddSingleton<Effects.EffectDispatcher>();
        services.AddSingleton<CustomerLogServices>();
        services.AddSingleton<IAcknowledgedEffects>(sp => sp.GetRequiredService<Effects.EffectDispatcher>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, Effects.EffectDrain>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, Effects.ScheduleStarter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, Effects.EffectRecovery>();
        return services;
    }
}
