using Journey.Domain.Policies;
using Journey.Domain.Rules;

namespace Journey.Domain.Tests;

/// <summary>
/// Kinds the policy exempts from the contact budget are neither limited by it nor counted in it. The log is
/// written as the engine and requestContact write it (<see cref="Contacts.Record"/>); every answer and moment
/// in the table is worked out by hand from the policy below, for a request on Tuesday 10 March 2026, 12:00.
/// </summary>
public class BudgetExemptionTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.FromHours(1));

    /// <summary>2 contacts a week, 4 hours apart, one call and one SMS a day; confirmations and in-app notices exempt; quiet 20:00–07:00.</summary>
    private static readonly Policy Policy = new()
    {
        Version = 1,
        Budget = new ContactBudget
        {
            MaxContacts = 2,
            Window = NodaTime.Period.FromDays(7),
            MinGap = NodaTime.Period.FromHours(4),
            PerChannel = [new(Channel.PHONE, 1, NodaTime.Period.FromDays(1)), new(Channel.SMS, 1, NodaTime.Period.FromDays(1))],
            Exempt = [ActionKind.CONFIRMATION, ActionKind.IN_APP_REMINDER],
        },
    };

    /// <summary>A logged contact: minutes before noon, its kind (null: a message or call a team reported without an action), its channel.</summary>
    public sealed record Logged(int MinutesAgo, ActionKind? Kind, Channel Channel);

    public static TheoryData<string, Logged[], Channel, ContactOutcome, DateTimeOffset?, string[]> Table => new()
    {
        {
            "an in-app notice five minutes ago: the service team may call at once",
            [new(5, ActionKind.IN_APP_REMINDER, Channel.APP)], Channel.PHONE, ContactOutcome.ALLOWED, null, []
        },
        {
            "a confirmation SMS an hour ago: another team's SMS is neither held by the gap nor by the SMS cap",
            [new(60, ActionKind.CONFIRMATION, Channel.SMS)], Channel.SMS, ContactOutcome.ALLOWED, null, []
        },
        {
            "a reminder e-mail an hour ago (11:00): the gap runs to 15:00",
            [new(60, ActionKind.REMINDER, Channel.EMAIL)], Channel.PHONE, ContactOutcome.DEFERRED, Noon.AddHours(3), ["budget.min-gap"]
        },
        {
            "a reminder at 10:00 and a notice at 11:50: the gap counts from the reminder, to 14:00",
            [new(120, ActionKind.REMINDER, Channel.EMAIL), new(10, ActionKind.IN_APP_REMINDER, Channel.APP)], Channel.PHONE, ContactOutcome.DEFERRED,
            Noon.AddHours(2), ["budget.min-gap"]
        },
        {
            "two reminders (Friday 08:00 and Sunday 10:00) and three notices this morning: the week is full until Friday 13 March 08:00",
            [new(100 * 60, ActionKind.REMINDER, Channel.EMAIL), new(50 * 60, ActionKind.REMINDER, Channel.LETTER),
             new(60, ActionKind.IN_APP_REMINDER, Channel.APP), new(120, ActionKind.IN_APP_REMINDER, Channel.APP), new(180, ActionKind.IN_APP_REMINDER, Channel.APP)],
            Channel.EMAIL, ContactOutcome.DEFERRED, new DateTimeOffset(2026, 3, 13, 8, 0, 0, TimeSpan.FromHours(1)), ["budget.max-contacts"]
        },
        {
            "one reminder and three notices in the week: one more contact fits",
            [new(100 * 60, ActionKind.REMINDER, Channel.EMAIL), new(60, ActionKind.IN_APP_REMINDER, Channel.APP),
             new(120, ActionKind.CONFIRMATION, Channel.SMS), new(180, ActionKind.IN_APP_REMINDER, Channel.APP)],
            Channel.EMAIL, ContactOutcome.ALLOWED, null, []
        },
        {
            "a booked call at 07:00: the next call waits for the day's cap, Wednesday 07:00",
            [new(5 * 60, ActionKind.CALL_TASK, Channel.PHONE)], Channel.PHONE, ContactOutcome.DEFERRED,
            new DateTimeOffset(2026, 3, 11, 7, 0, 0, TimeSpan.FromHours(1)), ["budget.channel-cap:PHONE"]
        },
        {
            "an SMS a team reported itself at 07:00 is counted: the next SMS waits for Wednesday 07:00",
            [new(5 * 60, null, Channel.SMS)], Channel.SMS, ContactOutcome.DEFERRED,
            new DateTimeOffset(2026, 3, 11, 7, 0, 0, TimeSpan.FromHours(1)), ["budget.channel-cap:SMS"]
        },
        {
            "a reminder at 11:00 that a team sent at 19:00 the day before would be too late: the gap to 15:00 is all",
            [new(60, ActionKind.REMINDER, Channel.EMAIL), new(17 * 60, ActionKind.CONFIRMATION, Channel.SMS)], Channel.SMS, ContactOutcome.DEFERRED,
            Noon.AddHours(3), ["budget.min-gap"]
        },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Exempt_kinds_are_neither_limited_nor_counted(string because, Logged[] log, Channel channel, ContactOutcome outcome, DateTimeOffset? until, string[] reasons)
    {
        var state = Touchpoints.Empty;
        var sequence = 0;
        foreach (var entry in log)
        {
            var at = Noon.AddMinutes(-entry.MinutesAgo);
            state = entry.Kind is { } kind
                ? state with { Contacts = Contacts.Record(state.Contacts, new OutboundAction { ActionId = $"c-1/a{++sequence}", Kind = kind, Channel = entry.Channel, At = at }) }
                : state.Apply(Touchpoints.Make(TouchpointType.MESSAGE_SENT, channel: entry.Channel, team: Team.BILLING, at: at));
        }

        var (decision, _) = ContactRequests.Decide(state, Policy, Team.SERVICE, channel, "", Noon);

        Assert.True(outcome == decision.Outcome, $"{because}: {decision.Outcome} until {decision.DeferredUntil}, {string.Join(", ", decision.Reasons)}");
        Assert.Equal(until, decision.DeferredUntil);
        Assert.Equal(reasons, decision.Reasons.Where(r => r.StartsWith("budget.", StringComparison.Ordinal) || r.StartsWith("quiet", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_notice_logged_before_kinds_were_recorded_is_known_by_its_action()
    {
        var banner = new OutboundAction { ActionId = "c-1/a1", Kind = ActionKind.IN_APP_REMINDER, Channel = Channel.APP, At = Noon.AddMinutes(-5), Status = ActionStatus.DISPATCHED };
        var legacy = Contacts.FromAction(banner) with { Kind = null };
        var state = Touchpoints.Empty with { Actions = [banner], Contacts = [legacy] };

        Assert.Equal(ContactOutcome.ALLOWED, ContactRequests.Decide(state, Policy, Team.SERVICE, Channel.PHONE, "", Noon).Decision.Outcome);

        var forgotten = state with { Actions = [] };
        Assert.Equal(ContactOutcome.DEFERRED, ContactRequests.Decide(forgotten, Policy, Team.SERVICE, Channel.PHONE, "", Noon).Decision.Outcome);
    }

    [Fact]
    public void A_message_reported_failed_reached_nobody_and_is_not_counted()
    {
        // A reminder at 11:00 (gap to 15:00) that a connector reported failed for want of an e-mail address.
        var reminder = new OutboundAction { ActionId = "c-1/a1", Kind = ActionKind.REMINDER, Channel = Channel.EMAIL, At = Noon.AddHours(-1), Status = ActionStatus.DISPATCHED };
        var state = Touchpoints.Empty with { Actions = [reminder], Contacts = Contacts.Record([], reminder) };
        Assert.Equal((ContactOutcome.DEFERRED, Noon.AddHours(3)), ContactRequests.Decide(state, Policy, Team.SERVICE, Channel.PHONE, "", Noon).Decision is var d ? (d.Outcome, d.DeferredUntil) : default);

        var failed = state.Apply(Touchpoints.Make(TouchpointType.MESSAGE_FAILED, channel: Channel.EMAIL, actionId: "c-1/a1", at: Noon.AddMinutes(-59), attributes: ("reason", "no-address")));
        Assert.Equal(ActionStatus.FAILED, failed.FindAction("c-1/a1")!.Status);
        Assert.Equal(ContactOutcome.ALLOWED, ContactRequests.Decide(failed, Policy, Team.SERVICE, Channel.PHONE, "", Noon).Decision.Outcome);
        Assert.DoesNotContain(CustomerSummary.Of(failed, Policy, Noon), line => line.StartsWith("Last contacts", StringComparison.Ordinal));
    }

    [Fact]
    public void The_summary_names_who_decided_each_contact_and_tells_the_notice_apart()
    {
        var state = Touchpoints.Empty;
        state = state with { Contacts = Contacts.Record(state.Contacts, new OutboundAction { ActionId = "c-1/a1", Kind = ActionKind.REMINDER, Channel = Channel.EMAIL, At = Noon.AddDays(-2) }) };
        state = state with { Contacts = Contacts.Record(state.Contacts, new OutboundAction { ActionId = "c-1/a2", Kind = ActionKind.CALL_TASK, Channel = Channel.PHONE, Team = Team.SERVICE, At = Noon.AddDays(-1) }) };
        state = state with { Contacts = Contacts.Record(state.Contacts, new OutboundAction { ActionId = "c-1/a3", Kind = ActionKind.IN_APP_REMINDER, Channel = Channel.APP, At = Noon.AddMinutes(-5) }) };

        Assert.Equal(
            [
                "No open cases.",
                "Last contacts: call, decided by service (9 March 2026), reminder by e-mail, decided by the rules (8 March 2026).",
                "Saw the notice of the open amount in the app on 10 March 2026 (shown because they opened the app).",
            ],
            CustomerSummary.Of(state, Policy, Noon));
        Assert.Equal(
            "Laatste contacten: telefoongesprek, besloten door klantenservice (9 maart 2026), herinnering per e-mail, besloten door de regels (8 maart 2026).",
            CustomerSummary.Of(state, Policy, Noon, ExplanationLanguage.NL)[1]);
    }
}
