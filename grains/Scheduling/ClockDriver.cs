namespace Journey.Grains.Scheduling;

/// <summary>
/// Moves a simulated business clock forward and fires everything due up to the new time, in time
/// order: the clock stops at each due minute, the customers due then act, and their next steps
/// join the schedule before the clock moves on. The simulated clock belongs to one silo: run
/// simulations on a single-silo cluster.
/// </summary>
public sealed class ClockDriver(BusinessClock clock, IGrainFactory grains, Effects.EffectDispatcher effects) : IClockControl
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<DateTimeOffset> AdvanceToAsync(DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        if (clock.Time is not SimulatedTime time)
        {
            throw new InvalidOperationException("the business clock is the system clock; start the silo with Journey:Clock=Simulated to advance it");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var shards = Enumerable.Range(0, WakeSchedule.Shards).Select(s => grains.GetGrain<IWakeShardGrain>(s)).ToArray();
            while (!cancellationToken.IsCancellationRequested)
            {
                // Wake-ups asked for by steps acknowledged before this advance are in the schedule first.
                await effects.DrainAsync(TimeSpan.FromSeconds(30));
                var dues = await Task.WhenAll(shards.Select(s => s.NextDue()));
                var next = dues.Where(d => d is not null).Min();
                if (next is not { } due || due > to)
                {
                    break;
                }

                var moment = due > time.GetUtcNow() ? due : time.GetUtcNow();
                time.AdvanceTo(moment);
                await Task.WhenAll(shards.Select(s => s.WakeDue(moment)));
            }

            time.AdvanceTo(to);
            return clock.Now;
        }
        finally
        {
            _gate.Release();
        }
    }
}
