using System.Collections.Immutable;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

public class StatisticsTests
{
    private static readonly Policy Policy = PolicyParser.Parse("t", """
        timeZone: Europe/Amsterdam
        ladder:
          - id: reminder
            after: P1D
            kind: REMINDER
            channel: EMAIL
        feedback:
          nonPaymentReasons:
            - { code: forgot, label: Forgot }
        """).Policy! with { Version = 1 };

    private static readonly DateTimeOffset Reminded = new(2026, 3, 17, 10, 0, 0, TimeSpan.FromHours(1));

    private static (CustomerState State, OutboundAction Reminder) Reminded1()
    {
        var state = Empty.Apply(Invoice("inv", 100m, new DateOnly(2026, 3, 15)));
        var decided = Engine.Decide(state, Policy, Reminded);
        return (decided.State, Assert.Single(decided.Dispatched));
    }

    private static (CustomerState State, ImmutableArray<StatisticsFact> Facts) Step(CustomerState state, Touchpoint touchpoint)
    {
        var applied = CustomerJourney.Apply(state, touchpoint, JourneySettings.Default).State;
        var decided = Engine.Decide(applied, Policy, touchpoint.OccurredAt, touchpoint);
        return (decided.State, Contacts(Statistics.Facts(state, decided.State, decided.Dispatched)));
    }

    /// <summary>The facts of contacts, payments and feedback: the receivables' own are tested in <see cref="ReceivablesFiguresTests"/>.</summary>
    private static ImmutableArray<StatisticsFact> Contacts(ImmutableArray<StatisticsFact> facts) =>
        [.. facts.Where(f => !f.Key.StartsWith(ReceivablesFacts.Prefix, StringComparison.Ordinal))];

    [Fact]
    public void A_contact_counts_once_and_its_first_payment_counts_once_with_the_days_it_took()
    {
        var (state, reminder) = Reminded1();
        var contact = Assert.Single(Contacts(Statistics.Facts(Empty.Apply(Invoice("inv", 100m, new DateOnly(2026, 3, 15))), state, [reminder])));
        Assert.Equal(new StatisticsFact(Statistics.ContactKey(ActionKind.REMINDER, Channel.EMAIL, "reminder"), 0), contact);

        var (partly, first) = Step(state, Payment(40m, "inv", Reminded.AddDays(3)));
        Assert.Equal(new StatisticsFact(Statistics.PaidKey(ActionKind.REMINDER, Channel.EMAIL, "reminder"), 3), Assert.Single(first));

        var (_, second) = Step(partly, Payment(60m, "inv", Reminded.AddDays(5)));
        Assert.Empty(second);
    }

    [Fact]
    public void An_nps_answer_counts_for_the_team_step_and_channel_of_the_contact_before_it()
    {
        var (state, _) = Reminded1();
        var (_, facts) = Step(state, Make(TouchpointType.NPS_RESPONSE, at: Reminded.AddDays(1), channel: Channel.EMAIL, attributes: (AttributeKeys.Score, "3")));

        Assert.Contains(new StatisticsFact(Statistics.NpsKey("step", "reminder"), 3), facts);
        Assert.Contains(new StatisticsFact(Statistics.NpsKey("team", "COLLECTION"), 3), facts);
        Assert.Contains(new StatisticsFact(Statistics.DetractorKey("channel", "EMAIL"), 0), facts);
        Assert.DoesNotContain(facts, f => f.Key.StartsWith("nps-promoter", StringComparison.Ordinal));
    }

    [Fact]
    public void An_answer_before_any_contact_is_linked_to_none()
    {
        var (_, facts) = Step(Empty, Make(TouchpointType.NPS_RESPONSE, at: Reminded, channel: Channel.WEB, attributes: (AttributeKeys.Score, "10")));
        Assert.Contains(new StatisticsFact(Statistics.NpsKey("step", Statistics.None), 10), facts);
        Assert.Contains(new StatisticsFact(Statistics.PromoterKey("all", Statistics.None), 0), facts);
    }

    [Fact]
    public void A_reason_for_non_payment_outside_the_policy_list_is_refused_with_its_field()
    {
        var call = Make(TouchpointType.CALL_COMPLETED, at: Reminded, channel: Channel.PHONE, team: Team.COLLECTION, attributes: [(AttributeKeys.Outcome, "NO_PAYMENT"), (AttributeKeys.NonPaymentReason, "unlucky")]);
        var error = FeedbackLog.Check(call, Policy);
        Assert.Equal("attributes.nonPaymentReason", error?.Field);
        Assert.Null(FeedbackLog.Check(call with { Attributes = [new(AttributeKeys.NonPaymentReason, "forgot")] }, Policy));
        Assert.Null(FeedbackLog.Check(call, Policy with { Feedback = new() }));
    }

    [Fact]
    public void Decisions_older_than_the_retention_are_dropped_but_planned_ones_stay()
    {
        var (state, reminder) = Reminded1();
        var sent = CustomerJourney.Apply(state, Make(TouchpointType.MESSAGE_SENT, at: Reminded, channel: Channel.EMAIL, actionId: reminder.ActionId), JourneySettings.Default).State;
        var retained = Policy with { Privacy = new PrivacyRules { DecisionLogRetention = NodaTime.Period.FromDays(30) } };

        Assert.NotNull(Engine.Decide(sent, retained, Reminded.AddDays(29)).State.FindAction(reminder.ActionId));
        Assert.Null(Engine.Decide(sent, retained, Reminded.AddDays(31)).State.FindAction(reminder.ActionId));
        Assert.NotNull(Engine.Decide(sent, retained with { Privacy = new PrivacyRules { DecisionLogRetention = null } }, Reminded.AddDays(400)).State.FindAction(reminder.ActionId));
    }
}

public class DecisionArchiveTests
{
    private static readonly Policy Retaining = new() { Version = 1, Privacy = new PrivacyRules { DecisionLogRetention = NodaTime.Period.FromDays(30) } };
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.FromHours(2));

    private static OutboundAction Decision(int n, DateTimeOffset at) => new() { ActionId = $"c-1/a{n}", Kind = ActionKind.IN_APP_REMINDER, Channel = Channel.APP, Status = ActionStatus.DISPATCHED, At = at, PlannedAt = at };

    [Fact]
    public void Retired_decisions_leave_as_one_page_when_there_are_enough_and_pages_expire_with_the_retention()
    {
        var few = Empty with { RetiredDecisions = [.. Enumerable.Range(0, DecisionArchive.PageSize - 1).Select(i => Decision(i, Now.AddDays(-1)))] };
        var (unchanged, none, _, _) = DecisionArchive.Roll(few, Retaining, Now);
        Assert.Null(none);
        Assert.Same(few, unchanged);

        var enough = few with { RetiredDecisions = few.RetiredDecisions.Add(Decision(99, Now.AddHours(-1))), DecisionPages = [new DecisionPage(0, 50, Now.AddDays(-31)), new DecisionPage(1, 50, Now.AddDays(-29))], DecisionPagesWritten = 2 };
        var (rolled, page, entries, expired) = DecisionArchive.Roll(enough, Retaining, Now);
        Assert.Equal(new DecisionPage(2, DecisionArchive.PageSize, Now.AddHours(-1)), page);
        Assert.Equal(enough.RetiredDecisions, entries);
        Assert.Equal([0], expired.ToArray());
        Assert.Equal([1, 2], rolled.DecisionPages.Select(p => p.Page));
        Assert.Empty(rolled.RetiredDecisions);
        Assert.Equal(3, rolled.DecisionPagesWritten);
    }

    [Fact]
    public void The_engine_retires_what_no_longer_fits_the_state_unless_it_is_past_the_retention()
    {
        var old = Enumerable.Range(0, 10).Select(i => Decision(i, Now.AddDays(-40)));
        var recent = Enumerable.Range(10, Engine.ActionHistoryBound + 5).Select(i => Decision(i, Now.AddDays(-1)));
        var state = Empty with { Actions = [.. old, .. recent] };

        var result = Engine.Decide(state, Retaining, Now).State;
        Assert.Equal(Engine.ActionHistoryBound, result.Actions.Length);
        Assert.Equal(Enumerable.Range(10, 5).Select(i => $"c-1/a{i}"), result.RetiredDecisions.Select(d => d.ActionId));
    }
}
