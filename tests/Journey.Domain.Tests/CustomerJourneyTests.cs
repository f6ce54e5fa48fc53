using Journey.Domain;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

public class CustomerJourneyTests
{
    [Fact]
    public void Every_touchpoint_type_lands_on_the_timeline_once()
    {
        var state = Empty.Apply(Invoice("inv-1", 100m));
        foreach (var touchpoint in OneOfEachType())
        {
            var before = state.TimelineCount;
            state = state.Apply(touchpoint);
            Assert.Equal(before + 1, state.TimelineCount);
            Assert.Contains(state.Timeline, t => t.EventId == touchpoint.EventId);
        }

        Assert.Equal(Enum.GetValues<TouchpointType>().Length + 1, state.Timeline.Length);
    }

    [Fact]
    public void Repeated_event_id_is_a_duplicate_and_changes_nothing()
    {
        var payment = Payment(40m, "inv-1", eventId: "pay-1");
        var state = Empty.Apply(Invoice("inv-1", 100m), payment);

        var again = state.Try(payment with { Amount = 99m });

        Assert.Equal(ApplyStatus.Duplicate, again.Status);
        Assert.Same(state, again.State);
    }

    [Fact]
    public void Timeline_is_newest_first_by_occurred_at_even_when_events_arrive_out_of_order()
    {
        var state = Empty.Apply(
            Make(TouchpointType.WEB_VISIT, at: Start.AddHours(2), eventId: "b"),
            Make(TouchpointType.WEB_VISIT, at: Start, eventId: "a"),
            Make(TouchpointType.WEB_VISIT, at: Start.AddHours(5), eventId: "c"),
            Make(TouchpointType.WEB_VISIT, at: Start.AddHours(1), eventId: "a2"));

        Assert.Equal(["c", "b", "a2", "a"], state.Timeline.Select(t => t.EventId));
    }

    [Fact]
    public void Timeline_past_its_bound_moves_a_page_to_the_archive_and_dedupe_still_knows_the_moved_ids()
    {
        var settings = new JourneySettings { TimelineBound = 5, ArchiveChunk = 3 };
        var state = Empty;
        var pages = new List<Touchpoint>();
        for (var i = 0; i < 20; i++)
        {
            state = state.Apply(settings, Make(TouchpointType.APP_OPENED, at: Start.AddMinutes(i), eventId: $"t{i}"));
            var (trimmed, page) = CustomerJourney.TakeArchivePage(state, settings);
            pages.AddRange(page);
            state = trimmed;
            Assert.InRange(state.Timeline.Length, 1, settings.TimelineBound + settings.ArchiveChunk);
        }

        Assert.Equal(20, state.TimelineCount);
        Assert.Equal(20, pages.Count + state.Timeline.Length);
        Assert.Equal(pages.Select(p => p.EventId).Concat(state.Timeline.Reverse().Select(t => t.EventId)), Enumerable.Range(0, 20).Select(i => $"t{i}"));
        Assert.Equal(ApplyStatus.Duplicate, state.Try(Make(TouchpointType.APP_OPENED, eventId: "t0")).Status);
    }

    [Fact]
    public void Touchpoint_of_another_customer_is_rejected()
    {
        var other = Make(TouchpointType.WEB_VISIT) with { CustomerId = "someone-else" };

        Assert.Equal("customerId", Assert.Single(Empty.Rejection(other)).Field);
    }

    [Fact]
    public void Flags_are_set_and_cleared()
    {
        var state = Empty.Apply(
            Make(TouchpointType.CUSTOMER_FLAGGED, attributes: [(AttributeKeys.Flag, "VULNERABLE"), (AttributeKeys.Value, "true")]),
            Make(TouchpointType.CUSTOMER_FLAGGED, attributes: [(AttributeKeys.Flag, "INSOLVENCY"), (AttributeKeys.Value, "true")]));
        Assert.Equal([CustomerFlag.VULNERABLE, CustomerFlag.INSOLVENCY], state.Flags.AsEnumerable());

        state = state.Apply(Make(TouchpointType.CUSTOMER_FLAGGED, attributes: [(AttributeKeys.Flag, "VULNERABLE"), (AttributeKeys.Value, "false")]));
        Assert.Equal([CustomerFlag.INSOLVENCY], state.Flags.AsEnumerable());
    }

    [Fact]
    public void Consent_is_kept_per_channel_and_the_latest_change_wins()
    {
        var state = Empty.Apply(
            Make(TouchpointType.CONSENT_CHANGED, channel: Channel.SMS, attributes: (AttributeKeys.Granted, "true")),
            Make(TouchpointType.CONSENT_CHANGED, channel: Channel.EMAIL, attributes: (AttributeKeys.Granted, "true")),
            Make(TouchpointType.CONSENT_CHANGED, channel: Channel.SMS, attributes: (AttributeKeys.Granted, "false")));

        Assert.False(state.Consent(Channel.SMS));
        Assert.True(state.Consent(Channel.EMAIL));
        Assert.Null(state.Consent(Channel.PHONE));
    }

    [Fact]
    public void Messages_sent_and_calls_enter_the_contact_log_by_team_and_channel_newest_first()
    {
        var state = Empty.Apply(
            Make(TouchpointType.MESSAGE_SENT, channel: Channel.EMAIL, team: Team.BILLING, actionId: "act-1", at: Start),
            Make(TouchpointType.CALL_COMPLETED, channel: Channel.PHONE, team: Team.SERVICE, at: Start.AddHours(1), attributes: (AttributeKeys.Outcome, "PROMISED")),
            Make(TouchpointType.MESSAGE_OPENED, channel: Channel.EMAIL, at: Start.AddHours(2)));

        Assert.Equal(2, state.Contacts.Length);
        Assert.Equal((TouchpointType.CALL_COMPLETED, Team.SERVICE, Channel.PHONE, "PROMISED"), (state.Contacts[0].Type, state.Contacts[0].Team, state.Contacts[0].Channel, state.Contacts[0].Outcome));
        Assert.Equal(("act-1", Team.BILLING), (state.Contacts[1].ActionId, state.Contacts[1].Team));
    }

    [Fact]
    public void Contact_log_is_bounded()
    {
        var settings = new JourneySettings { ContactLogBound = 3 };
        var state = Empty;
        for (var i = 0; i < 5; i++)
        {
            state = state.Apply(settings, Make(TouchpointType.MESSAGE_SENT, channel: Channel.EMAIL, at: Start.AddDays(i)));
        }

        Assert.Equal(3, state.Contacts.Length);
        Assert.Equal(Start.AddDays(4), state.Contacts[0].At);
    }

    [Fact]
    public void Promise_arrangement_and_advance_are_recorded()
    {
        var state = Empty.Apply(
            Make(TouchpointType.PROMISE_TO_PAY, "inv-1", 50m, dueDate: new DateOnly(2026, 3, 20)),
            Make(TouchpointType.PAYMENT_ARRANGEMENT_AGREED, "inv-1", 25m, dueDate: new DateOnly(2026, 4, 1)),
            Make(TouchpointType.ADVANCE_AMOUNT_CHANGED, amount: 40m, attributes: (AttributeKeys.ExpectedAmount, "120.00")));

        Assert.Equal(new DateOnly(2026, 3, 20), Assert.Single(state.Promises).PromisedFor);
        Assert.Equal(25m, Assert.Single(state.Arrangements).Amount);
        Assert.Equal((40m, 120m), (state.Advance!.Amount, state.Advance.ExpectedAmount!.Value));
    }

    private static IEnumerable<Touchpoint> OneOfEachType()
    {
        foreach (var type in Enum.GetValues<TouchpointType>())
        {
            yield return type switch
            {
                TouchpointType.INVOICE_ISSUED => Invoice("inv-2", 20m),
                TouchpointType.PAYMENT_RECEIVED => Payment(10m, "inv-1", eventId: "pay-x"),
                TouchpointType.CREDIT_NOTE_ISSUED => Make(type, "inv-1", 5m),
                TouchpointType.PAYMENT_REVERSED => Make(type, attributes: (AttributeKeys.Reference, "pay-x")),
                TouchpointType.CASE_WRITTEN_OFF => Make(type, "inv-2"),
                TouchpointType.PROMISE_TO_PAY => Make(type, "inv-1", dueDate: new DateOnly(2026, 3, 20)),
                TouchpointType.CUSTOMER_FLAGGED => Make(type, attributes: [(AttributeKeys.Flag, "DECEASED"), (AttributeKeys.Value, "true")]),
                TouchpointType.CONSENT_CHANGED => Make(type, channel: Channel.SMS, attributes: (AttributeKeys.Granted, "true")),
                TouchpointType.NPS_RESPONSE => Make(type, attributes: (AttributeKeys.Score, "9")),
                TouchpointType.ADVANCE_AMOUNT_CHANGED => Make(type, amount: 10m),
                _ => Make(type),
            };
        }
    }
}
