using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public static class Contacts
{
    /// <summary>Action ids number a customer's actions, so they are stable and replay gives the same ids.</summary>
    public static string ActionId(string customerId, long sequence) => $"{customerId}/a{sequence}";

    /// <summary>Enters a contact the engine dispatched or a team booked in the log the budget counts; newest first, bounded.</summary>
    public static ImmutableArray<ContactEntry> Record(ImmutableArray<ContactEntry> contacts, OutboundAction action)
    {
        var entry = FromAction(action);
        var index = 0;
        while (index < contacts.Length && contacts[index].At > entry.At)
        {
            index++;
        }

        var recorded = contacts.Insert(index, entry);
        return recorded.Length > JourneySettings.Default.ContactLogBound ? recorded[..JourneySettings.Default.ContactLogBound] : recorded;
    }

    public static ContactEntry FromAction(OutboundAction action) => new(
        $"action:{action.ActionId}",
        action.At,
        action.Channel == Channel.PHONE ? TouchpointType.CALL_COMPLETED : TouchpointType.MESSAGE_SENT,
        action.Team ?? Team.COLLECTION,
        action.Channel,
        action.ActionId,
        null,
        action.Kind,
        ByRules: action.Team is null);

    /// <summary>The kind of action a logged contact was: recorded on the entry, or looked up for entries stored before kinds were.</summary>
    public static ActionKind? KindOf(CustomerState state, ContactEntry contact) =>
        contact.Kind ?? (contact.ActionId is { } actionId ? state.FindAction(actionId)?.Kind : null);
}
