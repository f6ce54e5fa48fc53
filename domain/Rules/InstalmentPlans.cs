using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public enum PlanState
{
    /// <summary>Every instalment due so far was paid within its grace.</summary>
    ACTIVE,

    /// <summary>The case is paid: on schedule or early.</summary>
    COMPLETED,

    /// <summary>An instalment was not paid by the end of its grace period: the ladder resumed.</summary>
    BROKEN,
}

public enum InstalmentStatus
{
    /// <summary>Covered by payments received by the end of its grace period.</summary>
    PAID,

    /// <summary>Not covered yet, and its due date has not passed.</summary>
    DUE,

    /// <summary>Past its due date, within its grace period, not covered yet.</summary>
    LATE,

    /// <summary>Not covered by the end of its grace period (whether or not paid since).</summary>
    MISSED,
}

/// <summary>One instalment: its due date and amount, and whether the payments cover it (<see cref="CoveredOn"/>: the day they did).</summary>
public sealed record Instalment(DateOnly DueDate, decimal Amount, DateOnly? CoveredOn);

/// <summary>An instalment as read on a day.</summary>
public sealed record InstalmentView(DateOnly DueDate, decimal Amount, InstalmentStatus Status);

/// <summary>A case's plan as read on a day: its state, what the case still owes, and its instalments.</summary>
public sealed record PlanView(string ArrangementEventId, PlanState State, decimal Remaining, ImmutableArray<InstalmentView> Instalments);

/// <summary>
/// Instalment plans: a payment arrangement (an amount per instalment, the first due date, an interval)
/// over what the case owed when it was agreed becomes a schedule; payments received since the agreement
/// cover the instalments in order. An instalment not covered by the end of its grace period (policy
/// <c>plans.graceDays</c>) breaks the plan. Pure: the schedule and what covers it follow from the state;
/// only a status depends on the day it is read.
/// </summary>
public static class InstalmentPlans
{
    /// <summary>Enough for eight years of monthly instalments; a schedule is never longer.</summary>
    public const int MaxInstalments = 100;

    /// <summary>The arrangement in force for the case: the newest one agreed for it, or for the customer as a whole.</summary>
    public static PaymentArrangement? ArrangementOf(CustomerState state, CaseState @case)
    {
        for (var i = state.Arrangements.Length - 1; i >= 0; i--)
        {
            var arrangement = state.Arrangements[i];
            if (arrangement.CaseId == @case.CaseId || (arrangement.CaseId is null && @case.OpenedAt <= arrangement.AgreedAt))
            {
                return arrangement;
            }
        }

        return null;
    }

    /// <summary>
    /// The schedule, each instalment with the day payments covered it; null when the arrangement names no
    /// instalment amount or first date (it then only pauses the ladder, as a promise does).
    /// </summary>
    public static ImmutableArray<Instalment>? Schedule(CaseState @case, PaymentArrangement arrangement)
    {
        if (arrangement.Amount is not { } each || each <= 0m || arrangement.FirstDueDate is not { } first)
        {
            return null;
        }

        var interval = IntervalOf(arrangement);
        var payments = @case.Payments.Where(p => p.ReceivedAt >= arrangement.AgreedAt).OrderBy(p => p.ReceivedAt).ToList();
        var total = @case.AmountDue + payments.Sum(p => p.Amount);
        var instalments = ImmutableArray.CreateBuilder<Instalment>();
        var (scheduled, paid, next) = (0m, 0m, 0);
        var date = LocalDate.FromDateOnly(first);
        for (var i = 0; scheduled < total && i < MaxInstalments; i++, date = date.Plus(interval))
        {
            var amount = Math.Min(each, total - scheduled);
            scheduled += amount;
            while (paid < scheduled && next < payments.Count)
            {
                paid += payments[next++].Amount;
            }

            var coveredOn = paid >= scheduled && next > 0 ? ReceivablesFacts.Day(payments[next - 1].ReceivedAt) : (DateOnly?)null;
            instalments.Add(new Instalment(date.ToDateOnly(), amount, coveredOn));
        }

        return instalments.ToImmutable();
    }

    /// <summary>The time between instalments: the arrangement's ISO-8601 <c>interval</c>, one month when it names none.</summary>
    public static Period IntervalOf(PaymentArrangement arrangement) =>
        arrangement.Interval is { } text && NodaTime.Text.PeriodPattern.NormalizingIso.Parse(text) is { Success: true } parsed && parsed.Value != Period.Zero
            ? parsed.Value
            : Period.FromMonths(1);

    /// <summary>The last day an instalment may be paid without breaking the plan.</summary>
    public static DateOnly GraceEnds(Instalment instalment, PlanRules rules) => instalment.DueDate.AddDays(rules.GraceDays);

    public static InstalmentStatus StatusOn(Instalment instalment, DateOnly today, PlanRules rules) => instalment.CoveredOn switch
    {
        { } covered when covered <= GraceEnds(instalment, rules) => InstalmentStatus.PAID,
        _ when today <= instalment.DueDate => InstalmentStatus.DUE,
        _ when today <= GraceEnds(instalment, rules) => InstalmentStatus.LATE,
        _ => InstalmentStatus.MISSED,
    };

    /// <summary>The first instalment not covered in time, and when its grace ends (null: none is left).</summary>
    public static Instalment? NextUncovered(ImmutableArray<Instalment> schedule, PlanRules rules)
    {
        foreach (var instalment in schedule)
        {
            if (instalment.CoveredOn is not { } covered || covered > GraceEnds(instalment, rules))
            {
                return instalment;
            }
        }

        return null;
    }

    /// <summary>The case's plan as read on <paramref name="today"/>; null without an arrangement that has a schedule.</summary>
    public static PlanView? Of(CustomerState state, CaseState @case, PlanRules rules, DateOnly today)
    {
        if (ArrangementOf(state, @case) is not { } arrangement || Schedule(@case, arrangement) is not { } schedule)
        {
            return null;
        }

        var instalments = schedule.Select(i => new InstalmentView(i.DueDate, i.Amount, StatusOn(i, today, rules))).ToImmutableArray();
        var planState = @case.AmountDue <= 0m ? PlanState.COMPLETED
            : instalments.Any(i => i.Status == InstalmentStatus.MISSED) ? PlanState.BROKEN
            : PlanState.ACTIVE;
        return new PlanView(arrangement.EventId, planState, Money.Scaled(@case.AmountDue), instalments);
    }
}
