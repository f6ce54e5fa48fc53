using Journey.Domain.Rules;
using NodaTime;

namespace Journey.Domain.Tests;

public class StatutoryCollectionTests
{
    // Computed by hand from the BIK scale: 15 % / 10 % / 5 % / 1 % / 0.5 %, minimum 40, maximum 6,775.
    [Theory]
    [InlineData("0.01", "40.00")]
    [InlineData("266.67", "40.00")] // 15 % is 40.0005
    [InlineData("300.00", "45.00")]
    [InlineData("2500.00", "375.00")]
    [InlineData("2500.01", "375.00")] // + 10 % of one cent = 0.001
    [InlineData("3000.00", "425.00")]
    [InlineData("5000.00", "625.00")]
    [InlineData("10000.00", "875.00")]
    [InlineData("200000.00", "2775.00")]
    [InlineData("1000000.00", "6775.00")] // 2,775 + 0.5 % of 800,000 = 6,775 exactly
    [InlineData("5000000.00", "6775.00")]
    public void BIK_scale_at_its_boundaries(string principal, string costs) =>
        Assert.Equal(decimal.Parse(costs, System.Globalization.CultureInfo.InvariantCulture),
            StatutoryCollection.Costs(decimal.Parse(principal, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-03-02", "2026-03-04", "Monday → Wednesday")]
    [InlineData("2026-03-06", "2026-03-09", "Friday → Saturday, (Sunday), Monday")]
    [InlineData("2026-03-07", "2026-03-10", "Saturday → (Sunday), Monday, Tuesday")]
    [InlineData("2026-04-02", "2026-04-07", "Thursday before Easter → (Good Friday), Saturday, (Sunday), (Easter Monday), Tuesday")]
    [InlineData("2026-12-23", "2026-12-28", "before Christmas → Thursday 24th, (25th), (26th), (Sunday), Monday")]
    public void A_letter_is_received_on_the_second_day_after_posting_not_counting_Sundays_and_holidays(string posted, string received, string because) =>
        Assert.True(Date(received) == StatutoryCollection.ReceivedOn(Date(posted)), because);

    [Theory]
    [InlineData("2026-03-04", "2026-03-18", "Wednesday + 14 = Wednesday")]
    [InlineData("2026-03-07", "2026-03-23", "ends on Saturday 21st → Monday 23rd")]
    [InlineData("2026-04-13", "2026-04-28", "ends on Monday 27 April, King's Day → Tuesday")]
    [InlineData("2026-03-15", "2026-03-30", "across the change to summer time: ends Sunday 29th → Monday")]
    [InlineData("2026-12-11", "2026-12-28", "ends on Friday 25 December → past Boxing Day and the weekend")]
    public void The_14_day_term_runs_from_the_day_after_receipt_and_never_ends_on_a_weekend_or_holiday(string received, string deadline, string because) =>
        Assert.True(Date(deadline) == StatutoryCollection.Deadline(Date(received)), because);

    [Fact]
    public void Costs_are_chargeable_from_the_day_after_the_deadline()
    {
        // Posted Monday 2 March → received Wednesday 4 March → deadline Wednesday 18 March.
        Assert.Equal(new LocalDate(2026, 3, 19), StatutoryCollection.CostsChargeableFrom(new LocalDate(2026, 3, 2)));
    }

    private static LocalDate Date(string text) => LocalDate.FromDateTime(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
}

public class FourteenDayLetterTests
{
    private static readonly Journey.Domain.Policies.Policy Default =
        Journey.Domain.Policies.PolicyParser.Parse("default", PolicyParserTests.RepoFile("policies/default.yaml")).Policy! with { Version = 3 };

    [Theory]
    [InlineData("CONSUMER")]
    [InlineData("BUSINESS")]
    public void The_final_notice_to_a_consumer_is_the_14_day_letter_and_no_handover_is_due_before_its_term_has_run(string debtor)
    {
        var start = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));
        var (state, dispatched) = Touchpoints.Empty.Apply(Touchpoints.Invoice("inv-1", 1_200m, new DateOnly(2026, 3, 2), start, debtorType: debtor))
            .RunRules(Default, start, start.AddDays(60));

        var letter = dispatched.Single(a => a.Kind == Journey.Domain.Policies.ActionKind.FINAL_NOTICE);
        var handover = dispatched.Single(a => a.Kind == Journey.Domain.Policies.ActionKind.HANDOVER_TO_COLLECTION);
        if (debtor == "BUSINESS")
        {
            Assert.Null(letter.CollectionCosts);
            Assert.Null(state.Cases[0].FinalNotice);
            return;
        }

        var posted = NodaTime.LocalDate.FromDateTime(letter.At.ToOffset(TimeSpan.FromHours(1)).DateTime);
        Assert.Equal(180.00m, letter.CollectionCosts); // 15 % of 1,200
        Assert.Equal(StatutoryCollection.ReceivedOn(posted).ToDateOnly(), letter.ReceivedOn);
        Assert.Equal(StatutoryCollection.Deadline(StatutoryCollection.ReceivedOn(posted)).ToDateOnly(), letter.Deadline);
        Assert.Contains(Reasons.FourteenDayLetter, letter.Reasons);
        Assert.True(DateOnly.FromDateTime(handover.At.ToOffset(TimeSpan.FromHours(1)).DateTime) > letter.Deadline);
        Assert.Contains(Reasons.FourteenDayTerm, handover.Reasons);
        Assert.Equal((letter.ActionId, 1_200m, 3), (state.Cases[0].FinalNotice!.ActionId, state.Cases[0].FinalNotice!.Principal, state.Cases[0].FinalNotice!.PolicyVersion));
    }
}

public class CollectionCostRuleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));

    private static Journey.Domain.Policies.Policy Policy(string wik = "") =>
        Journey.Domain.Policies.PolicyParser.Parse("t", $"""
            timeZone: Europe/Amsterdam
            ladder:
              - id: letter
                after: P1D
                kind: FINAL_NOTICE
                channel: LETTER
            triggers:
              promisePausesLadder: false
            {wik}
            """).Policy! with { Version = 2 };

    /// <summary>The final notice, and the state once it went out (nothing later has run: the ladder's only step is the letter).</summary>
    private static (OutboundAction Letter, CustomerState State) FinalNotice(CustomerState state, Journey.Domain.Policies.Policy policy, DateTimeOffset until)
    {
        var (after, dispatched) = state.RunRules(policy, Start, until);
        return (Assert.Single(dispatched, a => a.Kind == Journey.Domain.Policies.ActionKind.FINAL_NOTICE), after);
    }

    [Theory]
    [InlineData("", "45.00", "bik:missed-instalments", "300.00")]             // one of two instalments due before posting missed: 15 % of 300
    [InlineData("wik: { arrangementBase: BALANCE }", "135.00", "bik", "900.00")] // 15 % of the 900 still due
    public void A_missed_instalment_of_a_payment_arrangement_costs_over_the_missed_instalments_only(string wik, string costs, string basis, string principal)
    {
        var state = Touchpoints.Empty.Apply(
            Touchpoints.Invoice("inv", 1_200m, new DateOnly(2026, 3, 2), Start),
            Touchpoints.Make(TouchpointType.PAYMENT_ARRANGEMENT_AGREED, "inv", 300m, dueDate: new DateOnly(2026, 3, 10), at: Start, attributes: (AttributeKeys.Interval, "P1M")),
            Touchpoints.Payment(300m, "inv", new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.FromHours(1))));

        // The ladder reaches the letter after the second instalment (10 April) was missed, before the third (10 May).
        var policy = Policy(wik) with { Ladder = [Policy().Ladder[0] with { After = NodaTime.Period.FromDays(45) }] };
        var (letter, after) = FinalNotice(state, policy, Start.AddDays(70));
        Assert.InRange(letter.At, new DateTimeOffset(2026, 4, 11, 0, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2026, 5, 9, 0, 0, 0, TimeSpan.FromHours(2)));
        Assert.Equal(decimal.Parse(costs, System.Globalization.CultureInfo.InvariantCulture), letter.CollectionCosts);
        var evidence = after.Cases[0].FinalNotice!;
        Assert.Equal((basis, decimal.Parse(principal, System.Globalization.CultureInfo.InvariantCulture), 900m, 2), (evidence.Basis, evidence.Principal, evidence.AmountDue, evidence.PolicyVersion));
    }

    [Fact]
    public void Several_claims_of_one_consumer_are_charged_over_their_total()
    {
        var state = Touchpoints.Empty.Apply(Touchpoints.Invoice("a", 2_000m, new DateOnly(2026, 3, 2), Start));
        var (first, afterFirst) = FinalNotice(state, Policy(), Start.AddDays(10));
        Assert.Equal(300.00m, first.CollectionCosts); // 15 % of 2,000

        var second = afterFirst.Apply(Touchpoints.Invoice("b", 1_000m, new DateOnly(2026, 3, 9), Start.AddDays(7)));
        var (letter, after) = FinalNotice(second, Policy(), Start.AddDays(20));
        Assert.Equal(125.00m, letter.CollectionCosts); // BIK(3,000) = 425, less the 300 announced: not BIK(1,000) = 150
        Assert.Equal("bik:aggregated", after.FindCase("b")!.FinalNotice!.Basis);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("wik: { businessCosts: { rule: BIK } }", "150.00")]
    [InlineData("wik: { businessCosts: { rule: PERCENTAGE, percent: 10, minimum: 125 } }", "125.00")]
    [InlineData("wik: { businessCosts: { rule: PERCENTAGE, percent: 12.5, maximum: 100 } }", "100.00")]
    [InlineData("wik: { businessCosts: { rule: FIXED, amount: 75 } }", "75.00")]
    public void A_business_debtor_s_final_notice_follows_the_policy_s_own_cost_rule_without_the_14_day_term(string wik, string? costs)
    {
        var state = Touchpoints.Empty.Apply(Touchpoints.Invoice("inv", 1_000m, new DateOnly(2026, 3, 2), Start, debtorType: "BUSINESS"));
        var (letter, after) = FinalNotice(state, Policy(wik), Start.AddDays(10));
        Assert.Equal(costs is null ? null : decimal.Parse(costs, System.Globalization.CultureInfo.InvariantCulture), letter.CollectionCosts);
        Assert.Null(letter.Deadline);
        Assert.Equal(costs is null, after.Cases[0].FinalNotice is null);
    }

    [Fact]
    public void A_business_cost_rule_with_bad_amounts_is_refused_with_its_path()
    {
        var result = Journey.Domain.Policies.PolicyParser.Parse("t", "wik:\n  businessCosts: { rule: PERCENTAGE, percent: 150 }\n");
        Assert.Contains(result.Errors, e => e.Path == "$.wik.businessCosts.percent");
    }
}

public class FourteenDayTermPropertyTests
{
    private static readonly Journey.Domain.Policies.Policy Webshop =
        Journey.Domain.Policies.PolicyParser.Parse("webshop", PolicyParserTests.RepoFile("policies/webshop.yaml")).Policy! with { Version = 1 };

    /// <summary>For an invoice due on every day of a year (weekends, holidays and both daylight-saving changes included), no cost-bearing step comes before the term has run.</summary>
    [Fact]
    public void No_cost_bearing_step_for_a_consumer_is_ever_due_before_the_14_days_have_run()
    {
        var zone = NodaTime.DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
        var checkedCases = 0;
        for (var day = new DateOnly(2026, 1, 1); day < new DateOnly(2027, 1, 1); day = day.AddDays(1))
        {
            var issued = NodaTime.LocalDate.FromDateOnly(day).At(new NodaTime.LocalTime(10, 0)).InZoneLeniently(zone).ToDateTimeOffset().AddDays(-14);
            var (_, dispatched) = Touchpoints.Empty.Apply(Touchpoints.Invoice($"inv-{day:yyyyMMdd}", 640m, day, issued)).RunRules(Webshop, issued, issued.AddDays(120));

            var letter = dispatched.Single(a => a.Kind == Journey.Domain.Policies.ActionKind.FINAL_NOTICE);
            var posted = NodaTime.Instant.FromDateTimeOffset(letter.At).InZone(zone).Date.ToDateOnly();
            var deadline = HandDeadline(posted, Webshop.Wik.ReceiptDays, Webshop.Wik.TermDays);
            var chargeable = NodaTime.LocalDate.FromDateOnly(deadline.AddDays(1)).AtStartOfDayInZone(zone).ToDateTimeOffset();
            Assert.Equal(deadline, letter.Deadline);
            foreach (var costly in dispatched.Where(a => a.Kind is Journey.Domain.Policies.ActionKind.HANDOVER_TO_COLLECTION or Journey.Domain.Policies.ActionKind.LEGAL_REVIEW))
            {
                Assert.True(costly.At >= chargeable, $"invoice due {day}: {costly.Kind} at {costly.At:O}, costs chargeable from {chargeable:O}");
                checkedCases++;
            }
        }

        Assert.True(checkedCases >= 365, $"only {checkedCases} handovers were checked");
    }

    // The public holidays of 2026 and 2027 as listed by hand (docs/holidays.md), not computed.
    private static readonly HashSet<DateOnly> Holidays =
    [
        .. new[]
        {
            "2026-01-01", "2026-01-02", "2026-04-03", "2026-04-06", "2026-04-27", "2026-05-04", "2026-05-05", "2026-05-14", "2026-05-15", "2026-05-25", "2026-12-25", "2026-12-26",
            "2027-01-01", "2027-03-26", "2027-03-29", "2027-04-26", "2027-04-27", "2027-05-05", "2027-05-06", "2027-05-07", "2027-05-17", "2027-12-25", "2027-12-26",
        }.Select(DateOnly.Parse),
    ];

    /// <summary>
    /// The last day of the term, written out apart from the engine: the letter counts as received on the
    /// second post day after posting (no post on Sundays and holidays); the term runs 14 days from the day
    /// after receipt, and a last day on a Saturday, Sunday or holiday moves to the next working day.
    /// </summary>
    private static DateOnly HandDeadline(DateOnly posted, int receiptDays, int termDays)
    {
        Assert.True(posted.Year is 2026 or 2027, $"the hand list of holidays does not cover {posted}");
        var received = posted;
        for (var postDays = 0; postDays < receiptDays;)
        {
            received = received.AddDays(1);
            postDays += received.DayOfWeek == DayOfWeek.Sunday || Holidays.Contains(received) ? 0 : 1;
        }

        var last = received.AddDays(termDays);
        while (last.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || Holidays.Contains(last))
        {
            last = last.AddDays(1);
        }

        return last;
    }
}
