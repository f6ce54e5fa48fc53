using Journey.Domain;
using Journey.Abstractions;

namespace Journey.Api.Application;

/// <summary>
/// The clock command both APIs serve (gRPC AdvanceClock, GraphQL advanceClock), written once: the
/// instant checked, the clock's mode checked, every step due up to it fired. Access is the application's (JourneyApplication).
/// </summary>
public sealed class JourneyClockCommands(BusinessClock clock, IClockControl driver)
{
    /// <exception cref="InvalidInputException"><paramref name="to"/> is not an ISO-8601 time with an offset.</exception>
    /// <exception cref="ClockNotSimulatedException">The clock is the system clock.</exception>
    public async Task<BusinessClock> AdvanceAsync(string? to, CancellationToken cancellationToken)
    {
        if (!IsoTime.TryParseInstant(to, out var instant))
        {
            throw new InvalidInputException(new FieldError("to", "is not an ISO-8601 time with an offset"));
        }

        if (clock.Mode != ClockMode.SIMULATED)
        {
            throw new ClockNotSimulatedException();
        }

        await driver.AdvanceToAsync(instant, cancellationToken);
        return clock;
    }
}
