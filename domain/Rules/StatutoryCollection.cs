using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

/// <summary>
/// Dutch statutory rules for charging extrajudicial collection costs to a consumer (WIK, art. 6:96
/// BW, and the Besluit vergoeding voor buitengerechtelijke incassokosten, BIK).
/// </summary>
public static class StatutoryCollection
{
    public const string BikBasis = "bik";

    public const decimal MinimumCosts = 40.00m;
    public const decimal MaximumCosts = 6_775.00m;

    private static readonly (decimal UpTo, decimal Rate)[] Scale =
    [
        (2_500m, 0.15m),
        (5_000m, 0.10m),
        (10_000m, 0.05m),
        (200_000m, 0.01m),
        (decimal.MaxValue, 0.005m),
    ];

    /// <summary>
    /// The BIK scale over the principal: 15 % of the first €2,500, 10 % of the next €2,500, 5 % of the
    /// next €5,000, 1 % of the next €190,000, 0.5 % above; at least €40, at most €6,775; in cents.
    /// </summary>
    public static decimal Costs(decimal principal)
    {
        if (principal <= 0m)
        {
            return 0m;
        }

        var costs = 0m;
        var lower = 0m;
        foreach (var (upTo, rate) in Scale)
        {
            var band = Math.Min(principal, upTo) - lower;
            if (band <= 0m)
            {
                break;
            }

            costs += band * rate;
            lower = upTo;
        }

        return Math.Clamp(Math.Round(costs, 2, MidpointRounding.AwayFromZero), MinimumCosts, MaximumCosts);
    }

    /// <summary>
    /// When a letter posted on <paramref name="postedOn"/> is taken as received: the
    /// <paramref name="daysAfterPosting"/>-th day after posting, not counting Sundays and public holidays.
    /// </summary>
    public static LocalDate ReceivedOn(LocalDate postedOn, int daysAfterPosting = 2)
    {
        var day = postedOn;
        for (var counted = 0; counted < daysAfterPosting;)
        {
            day = day.PlusDays(1);
            if (day.DayOfWeek != IsoDayOfWeek.Sunday && !Policies.DutchHolidays.IsHoliday(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>
    /// The last day of the 14-day term that runs from the day after receipt. A term that would end on a
    /// Saturday, Sunday or public holiday runs to the next day that is none of them (Algemene
    /// termijnenwet, art. 1).
    /// </summary>
    public static LocalDate Deadline(LocalDate receivedOn, int termDays = 14)
    {
        var last = receivedOn.PlusDays(termDays);
        while (last.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday || Policies.DutchHolidays.IsHoliday(last))
        {
            last = last.PlusDays(1);
        }

        return last;
    }

    /// <summary>The first day costs may be charged or the claim handed over: the day after the deadline.</summary>
    public static LocalDate CostsChargeableFrom(LocalDate postedOn, int daysAfterPosting = 2, int termDays = 14) =>
        Deadline(ReceivedOn(postedOn, daysAfterPosting), termDays).PlusDays(1);

    /// <summary>
    /// What a case under a payment arrangement owes in missed instalments on <paramref name="on"/>: the
    /// instalments due before that day, less what was paid on the case since the arrangement, at most
    /// the amount due. Null when the arrangement does not say its instalment amount or first date.
    /// </summary>
    public static decimal? MissedInstalments(CaseState @case, PaymentArrangement arrangement, LocalDate on)
    {
        if (arrangement.Amount is not { } instalment || instalment <= 0m || arrangement.FirstDueDate is not { } first)
        {
            return null;
        }

        var interval = InstalmentPlans.IntervalOf(arrangement);
        var due = 0m;
        for (var date = LocalDate.FromDateOnly(first); date < on && due < @case.AmountInvoiced; date = date.Plus(interval))
        {
            due += instalment;
        }

        var paid = @case.Payments.Where(p => p.ReceivedAt >= arrangement.AgreedAt).Sum(p => p.Amount);
        return Math.Clamp(due - paid, 0m, @case.AmountDue);
    }

    /// <summary>A business debtor's costs under the policy's own rule.</summary>
    public static decimal BusinessCosts(decimal principal, BusinessCostRule rule) => rule.Rule switch
    {
        BusinessCostKind.BIK => Costs(principal),
        BusinessCostKind.PERCENTAGE => Math.Min(Math.Max(Math.Round(principal * rule.Percent / 100m, 2, MidpointRounding.AwayFromZero), rule.Minimum), rule.Maximum ?? decimal.MaxValue),
        BusinessCostKind.FIXED => rule.Amount,
        _ => 0m,
    };

    /// <summary>
    /// The costs a consumer's 14-day letter announces for the cases it speaks for (one, or a bundle). The
    /// BIK scale applies to the customer's claims together: over the letter's cases' principal combined,
    /// and counting the costs already announced on the customer's other open cases, so that all letters
    /// together never exceed the scale over the total. A case under a payment arrangement counts its
    /// missed instalments only (policy <c>wik.arrangementBase</c>). Each case's share of the costs is in
    /// proportion to its principal (cents left over go to the first), so later letters see what was announced.
    /// </summary>
    public static LetterCosts ConsumerCosts(CustomerState state, IReadOnlyList<CaseState> cases, WikRules rules, LocalDate posted)
    {
        var principals = new decimal[cases.Count];
        var bases = new string[cases.Count];
        for (var i = 0; i < cases.Count; i++)
        {
            var @case = cases[i];
            (principals[i], bases[i]) = (@case.AmountDue, BikBasis);
            if (rules.ArrangementBase == ArrangementCostBase.MISSED_INSTALMENTS
                && state.Arrangements.LastOrDefault(a => a.CaseId == @case.CaseId || a.CaseId is null) is { } arrangement
                && MissedInstalments(@case, arrangement, posted) is > 0m and var missed)
            {
                (principals[i], bases[i]) = (missed, "bik:missed-instalments");
            }
        }

        var others = state.Cases
            .Where(c => c.IsOpen && c.DebtorType == DebtorType.CONSUMER && c.FinalNotice is { Deadline: not null } && !cases.Any(mine => mine.CaseId == c.CaseId))
            .Select(c => c.FinalNotice!)
            .ToList();
        var principal = principals.Sum();
        var costs = others.Count == 0 ? Costs(principal) : Math.Max(0m, Costs(principal + others.Sum(n => n.Principal)) - others.Sum(n => n.CollectionCosts));
        var suffix = (cases.Count > 1 ? ":bundled" : "") + (others.Count > 0 ? ":aggregated" : "");
        return new LetterCosts(costs, [.. principals], Shares(costs, principals), [.. bases.Select(b => b + suffix)]);
    }

    /// <summary>A business debtor's final notice over the cases it speaks for: the policy's own rule over their amounts due combined.</summary>
    public static LetterCosts BusinessCosts(IReadOnlyList<CaseState> cases, BusinessCostRule rule)
    {
        var principals = cases.Select(c => c.AmountDue).ToArray();
        var costs = BusinessCosts(principals.Sum(), rule);
        var basis = $"business:{rule.Rule}" + (cases.Count > 1 ? ":bundled" : "");
        return new LetterCosts(costs, [.. principals], Shares(costs, principals), [.. principals.Select(_ => basis)]);
    }

    /// <summary>Costs split over the cases in proportion to their principal, in cents; what rounding leaves goes to the first.</summary>
    private static ImmutableArray<decimal> Shares(decimal costs, decimal[] principals)
    {
        if (principals.Length == 1)
        {
            return [costs];
        }

        var total = principals.Sum();
        var shares = principals.Select(p => total == 0m ? 0m : Math.Round(costs * p / total, 2, MidpointRounding.ToZero)).ToArray();
        shares[0] += costs - shares.Sum();
        return [.. shares];
    }
}

/// <summary>What a final notice announces: the costs over its cases together, and per case its principal, its share of the costs and how they were computed.</summary>
public sealed record LetterCosts(decimal Costs, ImmutableArray<decimal> Principals, ImmutableArray<decimal> Shares, ImmutableArray<string> Bases);
