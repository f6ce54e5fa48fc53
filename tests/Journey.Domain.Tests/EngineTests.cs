using System.Collections.Immutable;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

/// <summary>The engine against the shipped webshop policy, moving time the way the scheduler does.</summary>
public class EngineTests
{
    private static readonly Policy Webshop = PolicyParser.Parse("webshop", PolicyParserTests.RepoFile("policies/webshop.yaml")).Policy! with { Version = 1 };

    // Due Monday 2026-03-02: overdue from Tuesday 00:00.
    private static readonly DateOnly Due = new(2026, 3, 2);
    private static readonly DateTimeOffset InvoiceAt = new(2026, 2, 16, 10, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void A_customer_who_paid_twice_after_letters_gets_the_letter_step_first_next_time()
    {
        var learning = Webshop with { ChannelLearning = new ChannelLearning(MinPayments: 2) };
        var journey = new JourneyDriver(learning, InvoiceAt);
        for (var round = 0; round < 2; round++)
        {
            var caseId = $"inv-{round}";
            journey.Push(Invoice(caseId, 100m, DateOnly.FromDateTime(journey.Now.AddDays(14).Date), journey.Now));
            var letter = RunUntil(journey, caseId, "letter");
            journey.Push(Make(TouchpointType.PAYMENT_RECEIVED, caseId, 100m, at: letter.At.AddDays(1)));
            Assert.Equal(Channel.LETTER, journey.State.PaidAfter[^1].Channel);
        }

        var issued = journey.Now.AddDays(3);
        journey.Push(Invoice("inv-2", 100m, DateOnly.FromDateTime(issued.AddDays(14).Date), issued));
        var first = RunUntil(journey, "inv-2", "letter");

        var untaught = new JourneyDriver(Webshop, InvoiceAt);
        untaught.Push(Invoice("inv-2", 100m, DateOnly.FromDateTime(issued.AddDays(14).Date), issued));
        var usual = RunUntil(untaught, "inv-2", "letter");

        Assert.Equal("letter", journey.Dispatched.First(a => a.CaseId == "inv-2").StepId);
        Assert.True(first.At < usual.At, $"the letter came at {first.At}, not before {usual.At}");
        Assert.Contains(journey.State.Suppressed, a => a.CaseId == "inv-2" && a.StepId == "reminder-1" && a.Reasons.Contains(Reasons.PaysAfter(Channel.LETTER)));
        Assert.Equal(["reminder-1", "reminder-2", "letter"], untaught.Dispatched.Select(a => a.StepId).Take(3));
    }

    private static OutboundAction RunUntil(JourneyDriver journey, string caseId, string stepId)
    {
        for (var day = 0; day < 60; day++)
        {
            if (journey.Dispatched.FirstOrDefault(a => a.CaseId == caseId && a.StepId == stepId) is { } found)
            {
                return found;
            }

            journey.AdvanceTo(journey.Now.AddDays(1));
        }

        throw new InvalidOperationException($"{stepId} of {caseId} never went out");
    }

    [Fact]
    public void Webshop_ladder_two_emails_a_letter_a_call_then_the_agency_naming_itself()
    {
        var journey = new JourneyDriver(Webshop, InvoiceAt);
        journey.Push(Invoice("inv-1", 100m, Due, InvoiceAt));

        journey.AdvanceTo(InvoiceAt.AddDays(90));

        Assert.Equal(
            [(ActionKind.REMINDER, Channel.EMAIL, Sender.CLIENT), (ActionKind.REMINDER, Channel.EMAIL, Sender.CLIENT), (ActionKind.FINAL_NOTICE, Channel.LETTER, Sender.CLIENT),
             (ActionKind.CALL_TASK, Channel.PHONE, Sender.CLIENT), (ActionKind.HANDOVER_TO_COLLECTION, Channel.LETTER, Sender.AGENCY), (ActionKind.REMINDER, Channel.EMAIL, Sender.AGENCY)],
            journey.Dispatched.Select(a => (a.Kind, a.Channel, a.Sender)));
        Assert.All(journey.Dispatched.Take(4), a => Assert.Equal(("Webshop B.V.", null), (a.SenderName, a.WkiNumber)));
        Assert.All(journey.Dispatched.Skip(4), a => Assert.Equal(("CBMK Incasso", "WKI-2024-0117"), (a.SenderName, a.WkiNumber)));
        Assert.All(journey.Dispatched, a => Assert.Contains(Reasons.Step(a.StepId!), a.Reasons));
        Assert.All(journey.Dispatched, a => Assert.Equal(1, a.PolicyVersion));
        Assert.All(journey.Dispatched, a => Assert.True(ContactCalendar.IsAllowed(a.At, Webshop.QuietHours, Webshop.Zone), $"{a.StepId} at {a.At}"));

        // Overdue from Tuesday 3 March 00:00; reminder 1 one day later, at 07:00 at the earliest.
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 7, 0, 0, TimeSpan.FromHours(1)), journey.Dispatched[0].At);
        Assert.Equal(journey.Dispatched[0].At.AddDays(7), journey.Dispatched[1].At);
        Assert.Equal(CaseStage.HANDED_OVER, journey.State.Cases[0].Ladder.Stage);
    }

    [Fact]
    public void A_payment_an_hour_before_reminder_two_cancels_it_and_nothing_more_is_sent()
    {
        var journey = new JourneyDriver(Webshop, InvoiceAt);
        journey.Push(Invoice("inv-1", 100m, Due, InvoiceAt));
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.FromHours(1)));
        var reminder2 = journey.State.FindAction(journey.State.Cases[0].Ladder.PlannedActionId!)!;
        Assert.Equal("reminder-2", reminder2.StepId);

        journey.Push(Payment(100m, "inv-1", at: reminder2.At.AddHours(-1)));
        journey.AdvanceTo(InvoiceAt.AddDays(90));

        Assert.Single(journey.Dispatched);
        var cancelled = journey.State.FindAction(reminder2.ActionId)!;
        Assert.Equal(ActionStatus.CANCELLED, cancelled.Status);
        Assert.Contains(Reasons.PaymentCancels, cancelled.Reasons);
        Assert.Contains(journey.State.Suppressed, s => s.ActionId == reminder2.ActionId);
    }

    [Fact]
    public void A_partial_payment_shortly_before_a_reminder_makes_it_say_payment_and_reminder_may_have_crossed()
    {
        var journey = new JourneyDriver(Webshop, InvoiceAt);
        journey.Push(Invoice("inv-1", 100m, Due, InvoiceAt));
        journey.Push(Payment(30m, "inv-1", at: new DateTimeOffset(2026, 3, 3, 12, 0, 0, TimeSpan.FromHours(1))));

        journey.AdvanceTo(new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.FromHours(1)));

        var reminder = Assert.Single(journey.Dispatched);
        Assert.Equal([Notices.MayHaveCrossed], reminder.Notices.AsEnumerable());
        Assert.Contains(Reasons.MayHaveCrossed, reminder.Reasons);
    }

    [Fact]
    public void A_complaint_holds_the_ladder_and_after_it_the_next_step_waits_its_full_offset_from_the_resolution()
    {
        var journey = new JourneyDriver(Webshop, InvoiceAt);
        journey.Push(Invoice("inv-1", 100m, Due, InvoiceAt));
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.FromHours(1)));
        journey.Push(Make(TouchpointType.COMPLAINT_OPENED, "inv-1", at: new DateTimeOffset(2026, 3, 6, 9, 0, 0, TimeSpan.FromHours(1)), eventId: "cmp", attributes: ("reason", "leak")));
        Assert.Null(journey.State.Cases[0].Ladder.PlannedActionId);

        journey.AdvanceTo(new DateTimeOffset(2026, 4, 1, 10, 0, 0, TimeSpan.FromHours(2)));
        Assert.Single(journey.Dispatched);
        Assert.Contains(journey.State.Suppressed, s => s.StepId == "reminder-2" && s.Reasons.Contains(Reasons.Hold(HoldKind.COMPLAINT)));

        var resolvedAt = new DateTimeOffset(2026, 4, 1, 10, 0, 0, TimeSpan.FromHours(2));
        journey.Push(Make(TouchpointType.COMPLAINT_RESOLVED, "inv-1", at: resolvedAt, attributes: ("reference", "cmp")));
        var planned = journey.State.FindAction(journey.State.Cases[0].Ladder.PlannedActionId!)!;
        Assert.Equal(("reminder-2", resolvedAt.AddDays(7)), (planned.StepId, planned.At));
        Assert.Contains(Reasons.HoldEnded, planned.Reasons);
    }

    [Fact]
    public void Insolvency_stops_collection_and_a_vulnerable_customer_gets_human_channels_only()
    {
        var insolvent = new JourneyDriver(Webshop, InvoiceAt);
        insolvent.Push(Invoice("inv-1", 100m, Due, InvoiceAt));
        insolvent.Push(Make(TouchpointType.CUSTOMER_FLAGGED, at: InvoiceAt, attributes: [("flag", "INSOLVENCY"), ("value", "true")]));
        insolvent.AdvanceTo(InvoiceAt.AddDays(90));
        Assert.Empty(insolvent.Dispatched);

        var vulnerable = new JourneyDriver(Webshop, InvoiceAt);
        vulnerable.Push(Invoice("inv-1", 100m, Due, InvoiceAt));
        vulnerable.Push(Make(TouchpointType.CUSTOMER_FLAGGED, at: InvoiceAt, attributes: [("flag", "VULNERABLE"), ("value", "true")]));
        vulnerable.AdvanceTo(InvoiceAt.AddDays(30));
        Assert.NotEmpty(vulnerable.Dispatched);
        Assert.All(vulnerable.Dispatched, a => Assert.Contains(a.Channel, new[] { Channel.PHONE, Channel.LETTER }));
        Assert.Contains(Reasons.VulnerableHumanChannel, vulnerable.Dispatched[0].Reasons);
    }

    [Fact]
    public void Without_e_mail_consent_the_reminder_falls_back_to_the_next_channel_the_policy_names()
    {
        var journey = new JourneyDriver(Webshop, InvoiceAt);
        journey.Push(Make(TouchpointType.CONSENT_CHANGED, channel: Channel.EMAIL, at: InvoiceAt, attributes: ("granted", "false")));
        journey.Push(Invoice("inv-1", 100m, Due, InvoiceAt));
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.FromHours(1)));

        var reminder = Assert.Single(journey.Dispatched);
        Assert.Equal(Channel.LETTER, reminder.Channel);
        Assert.Contains(Reasons.NoConsent(Channel.EMAIL), reminder.Reasons);
    }

    [Fact]
    public void App_open_with_an_overdue_case_shows_an_in_app_reminder_at_once()
    {
        var journey = new JourneyDriver(Webshop, InvoiceAt);
        journey.Push(Invoice("inv-1", 100m, Due, InvoiceAt));
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 3, 22, 30, 0, TimeSpan.FromHours(1)));

        journey.Push(Make(TouchpointType.APP_OPENED, channel: Channel.APP, at: new DateTimeOffset(2026, 3, 3, 22, 30, 0, TimeSpan.FromHours(1))));

        var inApp = Assert.Single(journey.Dispatched);
        Assert.Equal((ActionKind.IN_APP_REMINDER, Channel.APP, journey.Now), (inApp.Kind, inApp.Channel, inApp.At));
        Assert.Contains(Reasons.AppOpenedWhileOverdue, inApp.Reasons);
    }

    [Fact]
    public void An_arrangement_is_confirmed_by_SMS_at_once_and_its_instalment_unpaid_after_the_grace_resumes_the_ladder()
    {
        var journey = new JourneyDriver(Webshop, InvoiceAt);
        journey.Push(Invoice("inv-1", 100m, Due, InvoiceAt));
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.FromHours(1)));
        var agreedAt = new DateTimeOffset(2026, 3, 5, 14, 0, 0, TimeSpan.FromHours(1));

        journey.Push(Make(TouchpointType.PAYMENT_ARRANGEMENT_AGREED, "inv-1", 100m, dueDate: new DateOnly(2026, 3, 20), at: agreedAt));

        var confirmation = journey.Dispatched.Last();
        Assert.Equal((ActionKind.CONFIRMATION, Channel.SMS, agreedAt), (confirmation.Kind, confirmation.Channel, confirmation.At));
        Assert.Null(journey.State.Cases[0].Ladder.PlannedActionId);

        // One instalment of the whole 100.00 due 20 March: five days' grace (the policy's default), so paused through 25 March.
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 25, 23, 0, 0, TimeSpan.FromHours(1)));
        Assert.Null(journey.State.Cases[0].Ladder.PlannedActionId);
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 26, 0, 0, 0, TimeSpan.FromHours(1)));
        var resumed = journey.State.FindAction(journey.State.Cases[0].Ladder.PlannedActionId!)!;
        Assert.Equal("reminder-2", resumed.StepId);
        Assert.Equal(new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.FromHours(2)), resumed.PlannedAt);
        Assert.Contains(Reasons.PlanBroken, resumed.Reasons);
        Assert.Equal(new DateOnly(2026, 3, 20), journey.State.Cases[0].PlanMissed);
    }

    [Fact]
    public void A_policy_change_applies_to_the_next_step_and_the_decision_shows_its_version()
    {
        var journey = new JourneyDriver(Webshop, InvoiceAt);
        journey.Push(Invoice("inv-1", 100m, Due, InvoiceAt));
        journey.AdvanceTo(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.FromHours(1)));
        var v2 = Webshop with { Version = 2, Ladder = Webshop.Ladder.SetItem(1, Webshop.Ladder[1] with { Channel = Channel.SMS }) };

        var result = Engine.Decide(journey.State, v2, journey.Now);
        var replanned = result.State.FindAction(result.State.Cases[0].Ladder.PlannedActionId!)!;

        Assert.Equal((Channel.SMS, 2), (replanned.Channel, replanned.PolicyVersion));
        Assert.Contains(Reasons.Replanned, replanned.Reasons);
        Assert.Equal(1, journey.Dispatched[0].PolicyVersion);
    }

    [Fact]
    public void A_service_call_today_defers_a_collection_call_today()
    {
        var state = Empty.Apply(Make(TouchpointType.CALL_COMPLETED, channel: Channel.PHONE, team: Team.SERVICE, at: new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.FromHours(1))));
        var now = new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.FromHours(1));

        var (decision, after) = ContactRequests.Decide(state, Webshop, Team.COLLECTION, Channel.PHONE, "arrears", now);

        Assert.Equal(ContactOutcome.DEFERRED, decision.Outcome);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 10, 0, 0, TimeSpan.FromHours(1)), decision.DeferredUntil);
        Assert.Contains(Reasons.BudgetChannel(Channel.PHONE), decision.Reasons);
        Assert.Same(state, after);
    }

    [Fact]
    public void An_allowed_contact_is_booked_and_reporting_it_does_not_count_twice()
    {
        var now = new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.FromHours(1));
        var (decision, state) = ContactRequests.Decide(Empty, Webshop, Team.SALES, Channel.EMAIL, "offer", now);
        Assert.Equal(ContactOutcome.ALLOWED, decision.Outcome);
        Assert.Single(state.Contacts);

        state = state.Apply(Make(TouchpointType.MESSAGE_SENT, channel: Channel.EMAIL, team: Team.SALES, actionId: decision.ActionId, at: now.AddMinutes(1)));

        Assert.Single(state.Contacts);
        Assert.Equal(ActionStatus.SENT, state.FindAction(decision.ActionId!)!.Status);
    }

    [Fact]
    public void A_complaint_denies_a_collection_contact_with_its_reason()
    {
        var state = Empty.Apply(Invoice("inv-1", 100m, Due, InvoiceAt), Make(TouchpointType.COMPLAINT_OPENED, "inv-1"));

        var (decision, _) = ContactRequests.Decide(state, Webshop, Team.COLLECTION, Channel.PHONE, "arrears", InvoiceAt.AddDays(20));

        Assert.Equal(ContactOutcome.DENIED, decision.Outcome);
        Assert.Contains(Reasons.Hold(HoldKind.COMPLAINT), decision.Reasons);
    }

    [Fact]
    public void Steps_missed_while_the_engine_was_down_do_not_fire_in_a_burst()
    {
        var journey = new JourneyDriver(Webshop, InvoiceAt);
        journey.Push(Invoice("inv-1", 100m, Due, InvoiceAt));

        // The engine looks again only long after several steps were due.
        var late = new DateTimeOffset(2026, 4, 15, 10, 0, 0, TimeSpan.FromHours(2));
        var result = Engine.Decide(journey.State, Webshop, late);

        var fired = Assert.Single(result.Dispatched);
        Assert.Equal("reminder-1", fired.StepId);
        var next = result.State.FindAction(result.State.Cases[0].Ladder.PlannedActionId!)!;
        Assert.Equal(late.AddDays(7), next.At);
    }
}

public class HoldScopeTests
{
    [Fact]
    public void A_housing_policy_widens_a_repair_complaint_on_one_case_to_every_rent_case()
    {
        var housing = PolicyParser.Parse("housing", PolicyParserTests.RepoFile("policies/housing.yaml")).Policy! with { Version = 1 };
        var state = Touchpoints.Empty.Apply(
            Touchpoints.Invoice("rent-03", 850m, new DateOnly(2026, 3, 1)),
            Touchpoints.Invoice("rent-04", 850m, new DateOnly(2026, 4, 1)),
            Touchpoints.Make(TouchpointType.COMPLAINT_OPENED, "rent-03", attributes: ("reason", "leak")));

        var result = Engine.Decide(state, housing, new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.FromHours(2)));

        Assert.Empty(result.Dispatched);
        Assert.All(result.State.Cases, c => Assert.Equal("leak", CaseStatus.ActiveHold(result.State, c, housing.Holds.Scope)?.Reason));
        Assert.Null(CaseStatus.ActiveHold(result.State, result.State.FindCase("rent-04")!));
    }
}

public class ContactBudgetTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.FromHours(1));
    private static readonly Policy Policy = new()
    {
        Version = 1,
        Budget = new ContactBudget { MaxContacts = 2, Window = NodaTime.Period.FromDays(7), MinGap = NodaTime.Period.FromHours(4), PerChannel = [new(Channel.PHONE, 1, NodaTime.Period.FromDays(1))] },
    };

    public static TheoryData<string, (int HoursAgo, Channel Channel)[], Channel, ActionKind, double, string?> Cases => new()
    {
        { "nothing sent yet", [], Channel.EMAIL, ActionKind.REMINDER, 0, null },
        { "too soon after the last contact", [(2, Channel.EMAIL)], Channel.EMAIL, ActionKind.REMINDER, 2, "budget.min-gap" },
        { "window full: waits for the oldest to age out", [(100, Channel.EMAIL), (50, Channel.LETTER)], Channel.EMAIL, ActionKind.REMINDER, 168 - 100, "budget.max-contacts" },
        { "one call a day", [(5, Channel.PHONE)], Channel.PHONE, ActionKind.CALL_TASK, 19, "budget.channel-cap:PHONE" },
        { "a call yesterday does not block e-mail", [(5, Channel.PHONE)], Channel.EMAIL, ActionKind.REMINDER, 0, null },
        { "confirmations are exempt", [(1, Channel.SMS), (2, Channel.EMAIL)], Channel.SMS, ActionKind.CONFIRMATION, 0, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_one_budget_across_all_teams(string because, (int HoursAgo, Channel Channel)[] sent, Channel channel, ActionKind kind, double waitHours, string? reason)
    {
        var state = Touchpoints.Empty;
        foreach (var (hoursAgo, used) in sent)
        {
            state = state.Apply(Touchpoints.Make(used == Channel.PHONE ? TouchpointType.CALL_COMPLETED : TouchpointType.MESSAGE_SENT, channel: used, team: Team.SALES, at: Noon.AddHours(-hoursAgo)));
        }

        var verdict = ContactBudgetRules.Check(state, Policy, kind, channel, Noon);

        Assert.True(Noon.AddHours(waitHours) == verdict.EarliestAt, $"{because}: {verdict.EarliestAt}");
        if (reason is null)
        {
            Assert.Empty(verdict.Reasons);
        }
        else
        {
            Assert.Contains(reason, verdict.Reasons);
        }
    }
}
