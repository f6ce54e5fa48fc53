using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

public class ExperimentTests
{
    private static string Document(string status = "RUNNING", string? promote = null) => $$"""
        timeZone: Europe/Amsterdam
        ladder:
          - id: reminder
            after: P1D
            kind: REMINDER
            channel: EMAIL
          - id: letter
            after: P7D
            kind: FINAL_NOTICE
            channel: LETTER
        experiments:
          - id: thanks
            step: reminder
            paidWithin: P14D
            status: {{status}}
            {{(promote is null ? "" : $"promote: {promote}")}}
            variants:
              - id: control
              - id: thank-you-letter
                channel: LETTER
                template: thank-you
              - id: nothing
                skip: true
        """;

    private static readonly DateTimeOffset Overdue = new(2026, 3, 17, 10, 0, 0, TimeSpan.FromHours(1));

    private static (EngineResult Result, ExperimentVariant Variant) Run(Policy policy, string customer)
    {
        var state = CustomerJourney.Empty(Tenant, customer);
        var invoice = Invoice("inv", 100m, new DateOnly(2026, 3, 15)) with { CustomerId = customer };
        state = CustomerJourney.Apply(state, invoice, JourneySettings.Default).State;
        var experiment = policy.Experiments[0];
        return (Engine.Decide(state, policy, Overdue), Experiments.VariantFor(experiment, Tenant, customer));
    }

    [Fact]
    public void A_customer_always_gets_the_same_variant_and_the_variants_are_spread()
    {
        var policy = PolicyParser.Parse("t", Document()).Policy!;
        var experiment = policy.Experiments[0];
        var variants = Enumerable.Range(0, 900).Select(i => Experiments.VariantFor(experiment, Tenant, $"c{i}").Id).ToList();

        Assert.Equal(variants, Enumerable.Range(0, 900).Select(i => Experiments.VariantFor(experiment, Tenant, $"c{i}").Id));
        Assert.All(variants.GroupBy(v => v), g => Assert.InRange(g.Count(), 240, 360));
    }

    [Fact]
    public void Each_variant_changes_the_step_as_it_says_and_records_the_assignment()
    {
        var policy = PolicyParser.Parse("t", Document()).Policy! with { Version = 1 };
        var seen = new HashSet<string>();
        for (var i = 0; seen.Count < 3 && i < 100; i++)
        {
            var (result, variant) = Run(policy, $"c{i}");
            seen.Add(variant.Id);
            var reason = $"experiment:thanks:{variant.Id}";
            var assignment = Assert.Single(result.State.ExperimentAssignments);
            Assert.Equal(("inv", "thanks", variant.Id), (assignment.CaseId, assignment.ExperimentId, assignment.Variant));
            switch (variant.Id)
            {
                case "nothing":
                    Assert.Contains(result.State.Suppressed, a => a.StepId == "reminder" && a.Reasons.Contains(reason));
                    Assert.DoesNotContain(result.State.Actions, a => a.StepId == "reminder");
                    break;
                case "thank-you-letter":
                    var letter = Assert.Single(result.State.Actions, a => a.StepId == "reminder");
                    Assert.Equal((Channel.LETTER, "thank-you"), (letter.Channel, letter.Template));
                    Assert.Contains(reason, letter.Reasons);
                    break;
                default:
                    var control = Assert.Single(result.State.Actions, a => a.StepId == "reminder");
                    Assert.Equal(Channel.EMAIL, control.Channel);
                    Assert.Contains(reason, control.Reasons);
                    break;
            }
        }

        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void A_stopped_experiment_gives_everyone_the_promoted_variant()
    {
        var policy = PolicyParser.Parse("t", Document("STOPPED", "thank-you-letter")).Policy! with { Version = 1 };

        Assert.All(Enumerable.Range(0, 30), i => Assert.Equal("thank-you-letter", Run(policy, $"c{i}").Variant.Id));
    }

    [Fact]
    public void Outcomes_count_a_payment_within_the_period_after_the_moment()
    {
        var policy = PolicyParser.Parse("t", Document()).Policy! with { Version = 1 };
        var (result, variant) = Run(policy, "c1");
        var paid = result.State.Apply(Make(TouchpointType.PAYMENT_RECEIVED, "inv", 100m, at: Overdue.AddDays(3)) with { CustomerId = "c1" });

        var outcome = Assert.Single(Experiments.Outcomes(paid));
        var (facts, _) = Experiments.Contribution(paid);

        Assert.True(outcome.PaidWithin);
        Assert.Equal(3, outcome.DaysToPay!.Value, 3);
        Assert.Contains($"{Experiments.Key("thanks", variant.Id)}/paid", facts);
        Assert.False(Assert.Single(Experiments.Outcomes(result.State)).PaidWithin);
    }

    [Theory]
    [InlineData("experiments:\n  - id: x\n    step: nowhere\n    variants: [{ id: a }, { id: b }]\n", "$.experiments[0].step")]
    [InlineData("ladder:\n  - { id: s, after: P1D, kind: REMINDER, channel: EMAIL }\nexperiments:\n  - id: x\n    step: s\n    variants: [{ id: a }]\n", "$.experiments[0].variants")]
    [InlineData("ladder:\n  - { id: s, after: P1D, kind: REMINDER, channel: EMAIL }\nexperiments:\n  - id: x\n    step: s\n    status: STOPPED\n    promote: c\n    variants: [{ id: a }, { id: b }]\n", "$.experiments[0].promote")]
    public void Experiment_errors_name_their_path(string document, string path) =>
        Assert.Contains(PolicyParser.Parse("t", document).Errors, e => e.Path == path);
}

/// <summary>The 95 % Wilson interval against published values (four decimals), computed by hand from (2np + z² ± z√(z² + 4np(1−p))) / 2(n + z²).</summary>
public class WilsonIntervalTests
{
    [Theory]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(1, 10, 0.0179, 0.4042)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(0, 1, 0.0, 0.7935)]
    public void Bounds_match_the_hand_computed_table(int successes, int trials, double low, double high)
    {
        var (lower, upper) = Journey.Domain.Rules.Proportions.Wilson95(successes, trials);

        Assert.Equal(low, lower, 4);
        Assert.Equal(high, upper, 4);
    }

    [Fact]
    public void Without_trials_nothing_is_known() => Assert.Equal((0.0, 1.0), Journey.Domain.Rules.Proportions.Wilson95(0, 0));
}

/// <summary>The statistics' rates, by hand: NPS = (promoters − detractors) / responses × 100; payment rate = paid / contacts, capped at 1.</summary>
public class StatisticsRateTests
{
    [Theory]
    [InlineData(5, 2, 10, 30.0)]    // 50 % promoters − 20 % detractors
    [InlineData(0, 4, 4, -100.0)]   // detractors only
    [InlineData(3, 3, 9, 0.0)]      // as many of each, three passives
    [InlineData(1, 0, 3, 33.3333)]  // one promoter, two passives
    public void Net_promoter_score_matches_the_hand_computed_table(long promoters, long detractors, long responses, double expected) =>
        Assert.Equal(expected, Journey.Domain.Rules.Proportions.NetPromoterScore(promoters, detractors, responses)!.Value, 4);

    [Fact]
    public void Without_responses_there_is_no_score() => Assert.Null(Journey.Domain.Rules.Proportions.NetPromoterScore(0, 0, 0));

    [Theory]
    [InlineData(3, 4, 0.75)]
    [InlineData(0, 7, 0.0)]
    [InlineData(1, 3, 0.3333)]
    [InlineData(5, 4, 1.0)]          // capped: never more payments than contacts
    public void Payment_rate_matches_the_hand_computed_table(long paid, long contacts, double expected) =>
        Assert.Equal(expected, Journey.Domain.Rules.Proportions.PaymentRate(paid, contacts)!.Value, 4);

    [Fact]
    public void Without_contacts_there_is_no_payment_rate() => Assert.Null(Journey.Domain.Rules.Proportions.PaymentRate(0, 0));
}
