namespace Journey.Abstractions;

public enum ClockMode
{
    SYSTEM,
    SIMULATED,
}

/// <summary>
/// The one source of business time. Deliberately not the container's <see cref="TimeProvider"/>:
/// Orleans runs its own timers on that one, and they must keep real time when business time is simulated.
/// </summary>
public sealed class BusinessClock(TimeProvider time, ClockMode mode)
{
    public TimeProvider Time { get; } = time;

    public ClockMode Mode { get; } = mode;

    public DateTimeOffset Now => Time.GetUtcNow();

    public static BusinessClock System() => new(TimeProvider.System, ClockMode.SYSTEM);

    public static BusinessClock Simulated(DateTimeOffset start) => new(new SimulatedTime(start), ClockMode.SIMULATED);
}

/// <summary>Business time that only moves when an operator advances it.</summary>
public sealed class SimulatedTime(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves time forward to <paramref name="to"/>; time never goes back.</summary>
    public DateTimeOffset AdvanceTo(DateTimeOffset to)
    {
        lock (_gate)
        {
            if (to > _now)
            {
                _now = to.ToUniversalTime();
            }

            return _now;
        }
    }
}
