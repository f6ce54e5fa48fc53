using System.Collections.Immutable;
using Journey.Domain;

namespace Journey.Domain.Tests;

/// <summary>Builds touchpoints for one customer with readable defaults.</summary>
internal static class Touchpoints
{
    public const string Tenant = "webshop";
    public const string Customer = "c-1";
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(1));

    private static int _next;

    public static Touchpoint Make(
        TouchpointType type,
        string? caseId = null,
        decimal? amount = null,
        string? currency = null,
        DateOnly? dueDate = null,
        DateTimeOffset? at = null,
        Channel? channel = null,
        Team? team = null,
        string? actionId = null,
        string? eventId = null,
        params (string Key, string Value)[] attributes) =>
        new(
            eventId ?? $"e-{Interlocked.Increment(ref _next)}",
            Tenant,
            Customer,
            caseId,
            type,
            at ?? Start,
            channel,
            team,
            amount,
            amount is null ? currency : currency ?? "EUR",
            dueDate,
            actionId,
            [.. attributes.Select(a => new TouchpointAttribute(a.Key, a.Value))]);

    public static Touchpoint Invoice(string caseId, decimal amount, DateOnly? due = null, DateTimeOffset? at = null, string currency = "EUR", string? eventId = null, string? debtorType = null) =>
        Make(TouchpointType.INVOICE_ISSUED, caseId, amount, currency, due ?? new DateOnly(2026, 3, 15), at, eventId: eventId,
            attributes: debtorType is null ? [] : [(AttributeKeys.DebtorType, debtorType)]);

    public static Touchpoint Payment(decimal amount, string? caseId = null, DateTimeOffset? at = null, string currency = "EUR", string? eventId = null) =>
        Make(TouchpointType.PAYMENT_RECEIVED, caseId, amount, currency, at: at, eventId: eventId);

    public static CustomerState Empty => CustomerJourney.Empty(Tenant, Customer);

    public static CustomerState Apply(this CustomerState state, params Touchpoint[] touchpoints) =>
        state.Apply(JourneySettings.Default, touchpoints);

    public static CustomerState Apply(this CustomerState state, JourneySettings settings, params Touchpoint[] touchpoints)
    {
        foreach (var touchpoint in touchpoints)
        {
            var result = CustomerJourney.Apply(state, touchpoint, settings);
            Assert.True(result.Status == ApplyStatus.Accepted, $"{touchpoint.Type} {touchpoint.EventId} was {result.Status}: {string.Join("; ", result.Errors)}");
            // Versioned as the step versions it, so the state is one the rules may wake.
            state = result.State with { Version = state.Version + 1 };
        }

        return state;
    }

    public static ApplyResult Try(this CustomerState state, Touchpoint touchpoint) =>
        CustomerJourney.Apply(state, touchpoint, JourneySettings.Default);

    public static ImmutableArray<FieldError> Rejection(this CustomerState state, Touchpoint touchpoint)
    {
        var result = state.Try(touchpoint);
        Assert.Equal(ApplyStatus.Rejected, result.Status);
        Assert.Same(state, result.State);
        return result.Errors;
    }

    /// <summary>Wakes the customer from <paramref name="from"/> at every moment the rules ask for, up to <paramref name="until"/>, through the step function, as the scheduler would.</summary>
    public static (CustomerState State, List<Rules.OutboundAction> Dispatched) RunRules(this CustomerState state, Policies.Policy policy, DateTimeOffset from, DateTimeOffset until, int maxRuns = 200)
    {
        var dispatched = new List<Rules.OutboundAction>();
        var now = from;
        for (var run = 0; run < maxRuns; run++)
        {
            var step = JourneyStep.Wake(state, policy, now, JourneySettings.Default);
            state = step.State;
            dispatched.AddRange(step.Effects.Dispatched);
            if (step.Effects.NextWake is not { } next || next > until)
            {
                return (state, dispatched);
            }

            now = next;
        }

        throw new InvalidOperationException($"the rules still asked to be woken after {maxRuns} runs before {until:O}");
    }
}
