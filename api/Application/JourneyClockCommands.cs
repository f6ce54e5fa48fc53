using Journey.Domain;
using Journey.Grains;

namespace Journey.Api.Application;

/// <summary>The business clock runs on the system clock: it cannot be advanced.</summary>
public sealed class ClockNotSimulatedException()
    : Exception("the business clock is the system clock; start the silo with Journey:Clock=Simulated");

/// <summary>An input field the application refused, named as clients spell it.</summary>
public sealed class InvalidFieldException(FieldError error) : Exception(error.ToString())
{
    public FieldError Error { get; } = error;
}

/// <summary>
/// The clock command both APIs serve (gRPC AdvanceClock, GraphQL advanceClock), written once: the
/// instant checked, the clock's mode checked, every step due up to it fired. Access is the API's.
/// </summary>
public sealed class JourneyClockCommands(BusinessClock clock, IClockControl driver)
{
    /// <exception cref="InvalidFieldException"><paramref name="to"/> is not an ISO-8601 time with an offset.</exception>
    /// <exception cref="ClockNotSimulatedException">The clock is the system clock.</exception>
    public async Task<BusinessClock> AdvanceAsync(string? to, CancellationToken cancellationToken)
    {
        if (!IsoTime.TryParseInstant(to, out var instant))
        {
            throw new InvalidFieldException(new FieldError("to", "is not an ISO-8601 time with an offset"));
        }

        if (clock.Mode != ClockMode.SIMULATED)
        {
            throw new ClockNotSimulatedException();
        }

        await driver.AdvanceToAsync(instant, cancellationToken);
        return clock;
    }
}
