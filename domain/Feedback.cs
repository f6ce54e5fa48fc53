using System.Collections.Immutable;
using System.Globalization;
using Journey.Domain.Policies;

namespace Journey.Domain;

/// <summary>
/// What a customer said: an NPS score or the outcome of a call (with the reason for non-payment),
/// linked to the contact it answers, so feedback can be read per team and per ladder step.
/// </summary>
public sealed record FeedbackEntry(
    string EventId,
    DateTimeOffset At,
    TouchpointType Type,
    int? Score,
    string? Outcome,
    string? NonPaymentReason,
    string? ContactActionId,
    Team? ContactTeam,
    Channel? ContactChannel,
    string? ContactStepId);

public static class FeedbackLog
{
    public const int Kept = 50;

    /// <summary>Promoters score 9–10, detractors 0–6 (the usual NPS bands).</summary>
    public static bool IsPromoter(int score) => score >= 9;

    public static bool IsDetractor(int score) => score <= 6;

    /// <summary>
    /// Records an NPS response against the contact that preceded it, or a completed call against the
    /// call itself (its action, when it reports one). Other touchpoints leave the log alone.
    /// </summary>
    public static CustomerState Record(CustomerState state, Touchpoint tp)
    {
        FeedbackEntry? entry = tp.Type switch
        {
            TouchpointType.NPS_RESPONSE => Linked(state, tp, PrecedingContact(state, tp), int.Parse(tp.Attribute(AttributeKeys.Score)!, CultureInfo.InvariantCulture), null, null),
            TouchpointType.CALL_COMPLETED => Linked(
                state,
                tp,
                new ContactEntry(tp.EventId, tp.OccurredAt, tp.Type, tp.Team, tp.Channel ?? Channel.PHONE, tp.ActionId, null),
                null,
                tp.Attribute(AttributeKeys.Outcome),
                tp.Attribute(AttributeKeys.NonPaymentReason)),
            _ => null,
        };
        if (entry is null)
        {
            return state;
        }

        var log = state.Feedback.Add(entry);
        return state with { Feedback = log.Length > Kept ? log[^Kept..] : log };
    }

    /// <summary>A reason for non-payment must be one of the policy's codes when the policy lists them.</summary>
    public static FieldError? Check(Touchpoint tp, Policy policy)
    {
        if (tp.Type != TouchpointType.CALL_COMPLETED || policy.Feedback.NonPaymentReasons.IsEmpty
            || tp.Attribute(AttributeKeys.NonPaymentReason) is not { } code
            || policy.Feedback.NonPaymentReasons.Any(r => r.Code == code))
        {
            return null;
        }

        var known = string.Join(", ", policy.Feedback.NonPaymentReasons.Select(r => r.Code));
        return new FieldError($"attributes.{AttributeKeys.NonPaymentReason}", $"'{code}' is not one of the tenant's reasons for non-payment ({known})");
    }

    private static ContactEntry? PrecedingContact(CustomerState state, Touchpoint tp)
    {
        // The contact log is newest first; the first one at or before the response is the one it answers.
        foreach (var contact in state.Contacts)
        {
            if (contact.At <= tp.OccurredAt)
            {
                return contact;
            }
        }

        return null;
    }

    private static FeedbackEntry Linked(CustomerState state, Touchpoint tp, ContactEntry? contact, int? score, string? outcome, string? reason)
    {
        var action = contact?.ActionId is { } actionId ? state.FindAction(actionId) : null;
        return new FeedbackEntry(
            tp.EventId,
            tp.OccurredAt,
            tp.Type,
            score,
            outcome,
            reason,
            contact?.ActionId,
            contact?.Team,
            contact?.Channel ?? action?.Channel,
            action?.StepId);
    }
}
