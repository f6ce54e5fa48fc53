namespace Journey.Abstractions;

/// <summary>Moves a simulated business clock forward, firing everything due on the way in time order.</summary>
public interface IClockControl
{
    Task<DateTimeOffset> AdvanceToAsync(DateTimeOffset to, CancellationToken cancellationToken = default);
}
