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

        var interval = arrangement.Interval is { } text && NodaTime.Text.PeriodPattern.NormalizingIso.Parse(text) is { Success: true } parsed && parsed.Value != Period.Zero
            ? parsed.Value
            : Period.FromMonths(1);
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
    /// The costs a consumer's 14-day letter on <paramref name="case"/> announces. The BIK scale applies to
    /// the customer's claims together: costs already announced on the customer's other open cases are
    /// counted, so that all letters together never exceed the scale over the total. A case under a payment
    /// arrangement counts its missed instalments only (policy <c>wik.arrangementBase</c>).
    /// </summary>
    public static (decimal Principal, decimal Costs, string Basis) ConsumerCosts(CustomerState state, CaseState @case, WikRules rules, LocalDate posted)
    {
        var principal = @case.AmountDue;
        var basis = BikBasis;
        if (rules.ArrangementBase == ArrangementCostBase.MISSED_INSTALMENTS
            && state.Arrangements.LastOrDefault(a => a.CaseId == @case.CaseId || a.CaseId is null) is { } arrangement
            && MissedInstalments(@case, arrangement, posted) is > 0m and var missed)
        {
            (principal, basis) = (missed, "bik:missed-instalments");
        }

        var others = state.Cases
            .Where(c => c.CaseId != @case.CaseId && c.IsOpen && c.DebtorType == DebtorType.CONSUMER && c.FinalNotice is { Deadline: not null })
            .Select(c => c.FinalNotice!)
            .ToList();
        if (others.Count == 0)
        {
            return (principal, Costs(principal), basis);
        }

        var together = Costs(principal + others.Sum(n => n.Principal));
        return (principal, Math.Max(0m, together - others.Sum(n => n.CollectionCosts)), basis + ":aggregated");
    }
}
