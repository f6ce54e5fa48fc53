namespace Journey.Abstractions;

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
