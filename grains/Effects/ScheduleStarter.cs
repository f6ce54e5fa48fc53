using Journey.Grains.Scheduling;
using Microsoft.Extensions.Logging;

namespace Journey.Grains.Effects;

/// <summary>
/// Customers put their wake-ups in the store's schedule with their own writes and never call the
/// schedule's shards, so every silo starts them (their timers read the store) when it becomes active.
/// </summary>
public sealed class ScheduleStarter(IGrainFactory grains, BusinessClock clock, ILogger<ScheduleStarter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ScheduleStarter), ServiceLifecycleStage.Active, StartAsync, _ => Task.CompletedTask);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (clock.Mode != ClockMode.SYSTEM)
        {
            return;
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, WakeSchedule.Shards).Select(shard => grains.GetGrain<IWakeShardGrain>(shard).Start()));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Starting the wake-up schedule's shards failed; their reminders start them");
        }
    }
}
