using NodaTime;

namespace Journey.Domain.Rules;

/// <summary>
/// Dutch statutory rules for charging extrajudicial collection costs to a consumer (WIK, art. 6:96
/// BW, and the Besluit vergoeding voor buitengerechtelijke incassokosten, BIK).
/// </summary>
public static class StatutoryCollection
{
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
}
