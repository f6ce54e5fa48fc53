using System.Collections.Immutable;
using System.Globalization;
using Journey.Domain.Policies;
using Journey.Domain.Rules;

namespace Journey.Domain;

public enum ApplyStatus
{
    Accepted,
    Duplicate,
    Rejected,
}

public sealed record ApplyResult(ApplyStatus Status, CustomerState State, ImmutableArray<FieldError> Errors)
{
    public static ApplyResult Accepted(CustomerState state) => new(ApplyStatus.Accepted, state, []);

    public static ApplyResult Duplicate(CustomerState state) => new(ApplyStatus.Duplicate, state, []);

    public static ApplyResult Rejected(CustomerState state, string field, string message) =>
        new(ApplyStatus.Rejected, state, [new FieldError(field, message)]);
}

/// <summary>
/// How a touchpoint changes a customer's journey. A pure function of (state, touchpoint): no clock,
/// no I/O. Effects apply in arrival order; the timeline stays sorted by <c>occurredAt</c>.
/// </summary>
public static class CustomerJourney
{
    public static CustomerState Empty(string tenant, string customerId) =>
        new() { Tenant = tenant, CustomerId = customerId };

    public static ApplyResult Apply(CustomerState state, Touchpoint touchpoint, JourneySettings settings)
    {
        if (touchpoint.Tenant != state.Tenant || touchpoint.CustomerId != state.CustomerId)
        {
            return ApplyResult.Rejected(state, "customerId", "the touchpoint belongs to another customer");
        }

        if (state.HasSeen(touchpoint.EventId))
        {
            return ApplyResult.Duplicate(state);
        }

        var effect = ApplyEffect(state, touchpoint, settings);
        if (effect.Status != ApplyStatus.Accepted)
        {
            return effect;
        }

        var next = FeedbackLog.Record(effect.State, touchpoint) with
        {
            Timeline = InsertByOccurredAt(effect.State.Timeline, touchpoint),
            TimelineCount = effect.State.TimelineCount + 1,
        };
        return ApplyResult.Accepted(next);
    }

    /// <summary>
    /// When the timeline has grown a chunk past its bound, moves its oldest entries out. The caller
    /// stores the returned page (oldest first) in the archive before it stores the new state.
    /// </summary>
    public static (CustomerState State, ImmutableArray<Touchpoint> ArchivePage) TakeArchivePage(CustomerState state, JourneySettings settings)
    {
        if (state.Timeline.Length <= settings.TimelineBound + settings.ArchiveChunk)
        {
            return (state, []);
        }

        var kept = state.Timeline[..settings.TimelineBound];
        var moved = state.Timeline[settings.TimelineBound..];
        var page = moved.Reverse().ToImmutableArray();
        var archivedIds = moved.Select(t => t.EventId).Concat(state.ArchivedEventIds).Take(settings.ArchivedDedupeWindow).ToImmutableArray();
        return (state with { Timeline = kept, ArchivedPages = state.ArchivedPages + 1, ArchivedEventIds = archivedIds }, page);
    }

    private static ImmutableArray<Touchpoint> InsertByOccurredAt(ImmutableArray<Touchpoint> timeline, Touchpoint touchpoint)
    {
        var index = 0;
        while (index < timeline.Length && timeline[index].OccurredAt > touchpoint.OccurredAt)
        {
            index++;
        }

        return timeline.Insert(index, touchpoint);
    }

    private static ApplyResult ApplyEffect(CustomerState state, Touchpoint tp, JourneySettings settings) => tp.Type switch
    {
        TouchpointType.INVOICE_ISSUED => Receivables.IssueInvoice(state, tp),
        TouchpointType.PAYMENT_RECEIVED => Receivables.ReceivePayment(state, tp),
        TouchpointType.PAYMENT_REVERSED => Receivables.ReversePayment(state, tp),
        TouchpointType.CREDIT_NOTE_ISSUED => Receivables.IssueCreditNote(state, tp),
        TouchpointType.CASE_WRITTEN_OFF => Receivables.WriteOff(state, tp),
        TouchpointType.COMPLAINT_OPENED => Holds.Open(state, tp, HoldKind.COMPLAINT),
        TouchpointType.DISPUTE_OPENED => Holds.Open(state, tp, HoldKind.DISPUTE),
        TouchpointType.COMPLAINT_RESOLVED => Holds.Resolve(state, tp, HoldKind.COMPLAINT),
        TouchpointType.DISPUTE_RESOLVED => Holds.Resolve(state, tp, HoldKind.DISPUTE),
        TouchpointType.CUSTOMER_FLAGGED => ApplyResult.Accepted(SetFlag(state, tp)),
        TouchpointType.CONSENT_CHANGED => ApplyResult.Accepted(SetConsent(state, tp)),
        TouchpointType.CONTACT_DETAILS_CHANGED => ApplyResult.Accepted(ContactDetailsRules.Change(state, tp)),
        TouchpointType.MESSAGE_SENT or TouchpointType.CALL_COMPLETED => ApplyResult.Accepted(ReportOnAction(LogContact(state, tp, settings), tp)),
        TouchpointType.MESSAGE_DELIVERED or TouchpointType.MESSAGE_OPENED or TouchpointType.MESSAGE_FAILED => ApplyResult.Accepted(ReportOnAction(state, tp)),
        TouchpointType.PROMISE_TO_PAY => ApplyResult.Accepted(state with
        {
            Promises = state.Promises.Add(new PromiseToPay(tp.EventId, tp.CaseId, tp.Amount, tp.Currency, tp.DueDate!.Value, tp.OccurredAt)),
        }),
        TouchpointType.PAYMENT_ARRANGEMENT_AGREED => ApplyResult.Accepted(state with
        {
            Arrangements = state.Arrangements.Add(new PaymentArrangement(tp.EventId, tp.CaseId, tp.Amount, tp.Currency, tp.DueDate, tp.OccurredAt, tp.Attribute(AttributeKeys.Interval))),
        }),
        TouchpointType.ADVANCE_AMOUNT_CHANGED => ApplyResult.Accepted(state with
        {
            Advance = new AdvancePayment(tp.Amount!.Value, tp.Currency!, ParseDecimal(tp.Attribute(AttributeKeys.ExpectedAmount)), tp.OccurredAt),
        }),

        // Recorded on the timeline; the rules read them from there.
        _ => ApplyResult.Accepted(state),
    };

    private static CustomerState SetFlag(CustomerState state, Touchpoint tp)
    {
        var flag = Enum.Parse<CustomerFlag>(tp.Attribute(AttributeKeys.Flag)!);
        var on = tp.Attribute(AttributeKeys.Value) == "true";
        var flags = state.Flags.Remove(flag);
        return state with { Flags = on ? flags.Add(flag) : flags };
    }

    private static CustomerState SetConsent(CustomerState state, Touchpoint tp)
    {
        var channel = tp.Channel!.Value;
        var consent = new ChannelConsent(channel, tp.Attribute(AttributeKeys.Granted) == "true", tp.OccurredAt);
        return state with { Consents = state.Consents.RemoveAll(c => c.Channel == channel).Add(consent) };
    }

    /// <summary>A connector (or a team) reports what became of an action; the action's status follows.</summary>
    private static CustomerState ReportOnAction(CustomerState state, Touchpoint tp)
    {
        if (tp.ActionId is not { } actionId || state.FindAction(actionId) is not { } action || action.Status == ActionStatus.CANCELLED)
        {
            return state;
        }

        var reported = tp.Type switch
        {
            TouchpointType.MESSAGE_SENT or TouchpointType.CALL_COMPLETED => action with { Status = ActionStatus.SENT, SentAt = tp.OccurredAt },
            TouchpointType.MESSAGE_FAILED => action with { Status = ActionStatus.FAILED, FailureReason = tp.Attribute(AttributeKeys.Reason) ?? "unknown" },
            TouchpointType.MESSAGE_DELIVERED => action with { DeliveredAt = tp.OccurredAt },
            _ => action,
        };
        return ReferenceEquals(reported, action) ? state : state with { Actions = state.Actions.Replace(action, reported) };
    }

    private static CustomerState LogContact(CustomerState state, Touchpoint tp, JourneySettings settings)
    {
        // A contact the engine dispatched or a team booked is in the log already: reporting it does not count it twice.
        if (tp.ActionId is { } actionId && state.Contacts.Any(c => c.ActionId == actionId))
        {
            return state;
        }

        var entry = new ContactEntry(tp.EventId, tp.OccurredAt, tp.Type, tp.Team, tp.Channel, tp.ActionId, tp.Attribute(AttributeKeys.Outcome));
        var index = 0;
        while (index < state.Contacts.Length && state.Contacts[index].At > entry.At)
        {
            index++;
        }

        var contacts = state.Contacts.Insert(index, entry);
        if (contacts.Length > settings.ContactLogBound)
        {
            contacts = contacts[..settings.ContactLogBound];
        }

        return state with { Contacts = contacts };
    }

    private static decimal? ParseDecimal(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
}
