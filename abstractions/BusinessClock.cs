namespace Journey.Abstractions;

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
