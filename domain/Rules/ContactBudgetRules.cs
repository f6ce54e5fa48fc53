using System.Collections.Immutable;
using Journey.Domain.Policies;

namespace Journey.Domain.Rules;

/// <summary>A contact the budget allows now, or the earliest moment it would, and why.</summary>
public sealed record BudgetVerdict(DateTimeOffset EarliestAt, ImmutableArray<string> Reasons)
{
    public bool Deferred => !Reasons.IsEmpty;
}

/// <summary>
/// One contact budget across all teams: at most N contacts per rolling window, a minimum gap between
/// contacts, caps per channel. Counts the contact log (every team's messages and calls, the engine's
/// dispatched actions and the contacts teams booked) — except the kinds the policy exempts, which are
/// neither limited by the budget nor counted in it: an in-app notice the customer called up by opening
/// the app, or the confirmation of an arrangement they just made, must not hold back every team's call. A message reported
/// failed (no address, refused by the channel) reached nobody and is not counted either.
/// </summary>
public static class ContactBudgetRules
{
    public static BudgetVerdict Check(CustomerState state, Policy policy, ActionKind kind, Channel channel, DateTimeOffset at)
    {
        var budget = policy.Budget;
        if (budget.Exempt.Contains(kind))
        {
            return new BudgetVerdict(at, []);
        }

        var zone = policy.Zone;
        var earliest = at;
        var reasons = ImmutableArray.CreateBuilder<string>();
        var counted = state.Contacts.Where(c => c.At <= at && !Exempt(state, budget, c) && !Failed(state, c)).ToList();

        var windowStart = ZonedTime.Subtract(at, budget.Window, zone);
        var inWindow = counted.Where(c => c.At > windowStart).OrderBy(c => c.At).ToList();
        if (inWindow.Count >= budget.MaxContacts)
        {
            // The window frees up when enough of the oldest contacts in it have aged out.
            var freeing = inWindow[inWindow.Count - budget.MaxContacts];
            earliest = Later(earliest, ZonedTime.Add(freeing.At, budget.Window, zone));
            reasons.Add(Rules.Reasons.BudgetWindow);
        }

        if (counted.Count > 0)
        {
            var last = counted.Max(c => c.At);
            var gapEnd = ZonedTime.Add(last, budget.MinGap, zone);
            if (gapEnd > at)
            {
                earliest = Later(earliest, gapEnd);
                reasons.Add(Rules.Reasons.BudgetMinGap);
            }
        }

        foreach (var cap in budget.PerChannel.Where(c => c.Channel == channel))
        {
            var capStart = ZonedTime.Subtract(at, cap.Window, zone);
            var onChannel = counted.Where(c => c.Channel == channel && c.At > capStart).OrderBy(c => c.At).ToList();
            if (onChannel.Count >= cap.Max)
            {
                earliest = Later(earliest, ZonedTime.Add(onChannel[onChannel.Count - cap.Max].At, cap.Window, zone));
                reasons.Add(Rules.Reasons.BudgetChannel(channel));
            }
        }

        return new BudgetVerdict(earliest, reasons.ToImmutable());
    }

    /// <summary>The first moment from <paramref name="at"/> that both the budget and quiet hours allow.</summary>
    public static (DateTimeOffset At, ImmutableArray<string> Reasons) Schedule(CustomerState state, Policy policy, ActionKind kind, Channel channel, DateTimeOffset at)
    {
        var reasons = ImmutableArray.CreateBuilder<string>();
        var candidate = at;
        for (var round = 0; round < 16; round++)
        {
            var verdict = Check(state, policy, kind, channel, candidate);
            foreach (var reason in verdict.Reasons.Where(r => !reasons.Contains(r)))
            {
                reasons.Add(reason);
            }

            var allowed = policy.QuietHours.Exempt.Contains(kind)
                ? verdict.EarliestAt
                : ContactCalendar.NextAllowed(verdict.EarliestAt, policy.QuietHours, policy.Zone);
            if (allowed != verdict.EarliestAt && !reasons.Contains(Rules.Reasons.QuietHoursDeferred))
            {
                reasons.Add(Rules.Reasons.QuietHoursDeferred);
            }

            if (allowed == candidate)
            {
                break;
            }

            candidate = allowed;
        }

        return (candidate, reasons.ToImmutable());
    }

    /// <summary>Whether a logged contact is of a kind the budget exempts (by the policy in force, so a changed exemption applies to the log as it is).</summary>
    public static bool Exempt(CustomerState state, ContactBudget budget, ContactEntry contact) =>
        !budget.Exempt.IsEmpty && Contacts.KindOf(state, contact) is { } kind && budget.Exempt.Contains(kind);

    /// <summary>A message a connector reported failed (no address, refused): it never reached the customer, so it is no contact.</summary>
    public static bool Failed(CustomerState state, ContactEntry contact) =>
        contact.ActionId is { } actionId && state.FindAction(actionId) is { Status: ActionStatus.FAILED };

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
