using System.Security.Claims;
using Journey.Api.Security;
using Journey.Abstractions;
using Journey.Domain;

namespace Journey.Api.Application.UseCases;

/// <summary>Simulated clock only: fires every step due up to <see cref="To"/>, in time order. Recorded in the cluster's audit trail.</summary>
public sealed record AdvanceClock(string? To) : UseCase<AdvanceClock, BusinessClock>
{
    public override Access Access => Access.ToCluster(Permission.Operate);

    /// <summary>The instant to advance to; null when <see cref="To"/> is not one.</summary>
    public DateTimeOffset? Instant => IsoTime.TryParseInstant(To, out var instant) ? instant : null;

    public override void Check(InputCheck check)
    {
        if (Instant is null)
        {
            check.Add("to", "is not an ISO-8601 time with an offset");
        }
    }

    public sealed class Handler(BusinessClock clock, IClockControl driver, AuditLog audit) : IHandler<AdvanceClock, BusinessClock>
    {
        /// <exception cref="ClockNotSimulatedException">The clock is the system clock.</exception>
        public async Task<BusinessClock> HandleAsync(AdvanceClock request, ClaimsPrincipal? caller, CancellationToken cancellationToken)
        {
            if (clock.Mode != ClockMode.SIMULATED)
            {
                throw new ClockNotSimulatedException();
            }

            var from = clock.Now;
            await driver.AdvanceToAsync(request.Instant!.Value, cancellationToken);
            await audit.RecordAsync(caller, AuditActions.ClusterTrail, AuditActions.ClockMoved, $"from {IsoTime.Format(from)} to {IsoTime.Format(clock.Now)}");
            return clock;
        }
    }
}
