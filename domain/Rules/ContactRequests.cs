using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Journey.Domain.Policies;

namespace Journey.Domain.Rules;

[JsonConverter(typeof(JsonStringEnumConverter<ContactOutcome>))]
public enum ContactOutcome
{
    ALLOWED,
    DEFERRED,
    DENIED,
}

public sealed record ContactDecision(
    ContactOutcome Outcome,
    DateTimeOffset? DeferredUntil,
    Sender Sender,
    string SenderName,
    string? WkiNumber,
    Channel? SuggestedChannel,
    ImmutableArray<string> Reasons,
    string? ActionId,
    int PolicyVersion);

/// <summary>What a contact request on the channel would be answered now.</summary>
public sealed record ContactOption(Channel Channel, ContactDecision Decision);

/// <summary>
/// "May I contact this customer now, on this channel, as whom?" — the one answer for every team.
/// A hold, a flag or missing consent denies; the contact budget or quiet hours defer; an allowed
/// contact is booked against the budget at once.
/// </summary>
public static class ContactRequests
{
    /// <summary>
    /// For every channel, the answer <see cref="Decide"/> would give the team now — a read that books
    /// nothing: an allowed answer carries no action id, and the state is not touched.
    /// </summary>
    public static ImmutableArray<ContactOption> Options(CustomerState state, Policy policy, Team team, DateTimeOffset now) =>
        [.. Enum.GetValues<Channel>().Select(channel => new ContactOption(channel, Decide(state, policy, team, channel, "", now).Decision with { ActionId = null }))];

    public static (ContactDecision Decision, CustomerState State) Decide(
        CustomerState state, Policy policy, Team team, Channel channel, string purpose, DateTimeOffset now)
    {
        now = NodaTime.Instant.FromDateTimeOffset(now).InZone(policy.Zone).ToDateTimeOffset();
        var collecting = team == Team.COLLECTION;
        var openCases = state.Cases.Where(c => c.IsOpen).ToList();
        var handedOver = openCases.FirstOrDefault(c => c.Ladder.Stage is CaseStage.HANDED_OVER or CaseStage.LEGAL);
        var (sender, senderName, wki) = Channels.Identity(policy, collecting && handedOver is not null ? Sender.AGENCY : Sender.CLIENT);
        var reasons = ImmutableArray.CreateBuilder<string>();
        reasons.Add(Rules.Reasons.ContactRequested);
        reasons.Add(sender == Sender.AGENCY ? Rules.Reasons.SenderAgency : Rules.Reasons.SenderClient);

        ContactDecision Deny(Channel? suggestion = null) =>
            new(ContactOutcome.DENIED, null, sender, senderName, wki, suggestion, reasons.ToImmutable(), null, policy.Version);

        if (state.Erased)
        {
            reasons.Add(Rules.Reasons.CustomerErased);
            return (Deny(), state);
        }

        if (state.Flags.Contains(CustomerFlag.DECEASED))
        {
            reasons.Add(Rules.Reasons.Flag(CustomerFlag.DECEASED));
            return (Deny(), state);
        }

        if (collecting)
        {
            foreach (var flag in policy.Holds.StopCollection.Where(state.Flags.Contains))
            {
                reasons.Add(Rules.Reasons.Flag(flag));
                return (Deny(), state);
            }

            var held = openCases.Count > 0 && openCases.All(c => state.HoldsCovering(c.CaseId, policy.Holds.Scope).Any());
            if (held)
            {
                reasons.Add(Rules.Reasons.Hold(state.HoldsCovering(openCases[0].CaseId, policy.Holds.Scope).First().Kind));
                return (Deny(), state);
            }
        }

        var (usable, channelReasons) = Channels.Resolve(state, policy, channel);
        if (usable != channel)
        {
            reasons.AddRange(channelReasons);
            return (Deny(usable), state);
        }

        var kind = channel == Channel.PHONE ? ActionKind.CALL_TASK : ActionKind.REMINDER;
        var (at, deferral) = ContactBudgetRules.Schedule(state, policy, kind, channel, now);
        if (at > now)
        {
            reasons.AddRange(deferral);
            return (new ContactDecision(ContactOutcome.DEFERRED, at, sender, senderName, wki, channel, reasons.ToImmutable(), null, policy.Version), state);
        }

        var sequence = state.ActionSequence + 1;
        var booked = new OutboundAction
        {
            ActionId = Contacts.ActionId(state.CustomerId, sequence),
            Kind = kind,
            Channel = channel,
            Sender = sender,
            SenderName = senderName,
            WkiNumber = wki,
            Template = purpose,
            Team = team,
            Status = ActionStatus.DISPATCHED,
            At = now,
            PlannedAt = now,
            Reasons = reasons.ToImmutable(),
            PolicyVersion = policy.Version,
        };
        var next = state with
        {
            ActionSequence = sequence,
            Actions = state.Actions.Add(booked),
            Contacts = Contacts.Record(state.Contacts, booked),
        };
        return (new ContactDecision(ContactOutcome.ALLOWED, null, sender, senderName, wki, channel, booked.Reasons, booked.ActionId, policy.Version), next);
    }
}
