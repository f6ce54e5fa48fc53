using Journey.Api.GraphQL;
using Journey.Domain;
using Journey.Domain.Rules;
using V1 = Journey.Api.V1;

namespace Journey.Api.Wire;

/// <summary>An action (planned, dispatched, sent, failed, cancelled, withheld) and what it is made of, as both APIs serve them.</summary>
public static class ActionWire
{
    public static readonly WireType<BundledCase, V1.BundledCase> Bundled = new WireType<BundledCase, V1.BundledCase>("BundledCase")
        .Text("caseId", c => c.CaseId, required: true)
        .Text("stepId", c => c.StepId, required: true)
        .Money("amountDue", c => c.AmountDue, required: true, description: "What the case owed when bundled, and as dispatched once the contact went out.");

    public static readonly WireType<ContactDecision, V1.ContactDecision> Decision = new WireType<ContactDecision, V1.ContactDecision>("ContactDecision")
        .Choice("outcome", d => d.Outcome)
        .Time("deferredUntil", d => d.DeferredUntil)
        .Choice("sender", d => d.Sender)
        .Text("senderName", d => d.SenderName, required: true)
        .Text("wkiNumber", d => d.WkiNumber)
        .Choice("suggestedChannel", d => d.SuggestedChannel)
        .Texts("reasons", d => d.Reasons)
        .GraphQLOnly("explanations", "reason labels for people, as on an action")
        .Text("actionId", d => d.ActionId, description: "Set when ALLOWED: report the contact with this actionId.")
        .Integer("policyVersion", d => d.PolicyVersion);

    public static readonly WireType<OutboundAction, V1.Action> Action = new WireType<OutboundAction, V1.Action>("Action")
        .Text("actionId", a => a.ActionId, required: true)
        .Text("decidedBy", a => a.DecidedBy(), required: true,
            description: "`rules` when the tenant's policy decided it (reasons name the rules), `team:<TEAM>` when a team booked it through requestContact.")
        .Text("caseId", a => a.CaseId)
        .Choice("kind", a => a.Kind)
        .Choice("channel", a => a.Channel)
        .Choice("sender", a => a.Sender)
        .Text("senderName", a => a.SenderName, required: true)
        .Text("wkiNumber", a => a.WkiNumber, description: "The agency's WKI registration number when the sender is AGENCY.")
        .Choice("status", a => a.Status)
        .Time("at", a => a.At, required: true, description: "When it is or was due, after quiet-hours and budget deferral.")
        .Time("plannedAt", a => a.PlannedAt, required: true, description: "When it was due before deferral.")
        .Time("sentAt", a => a.SentAt)
        .Time("deliveredAt", a => a.DeliveredAt, description: "From MESSAGE_DELIVERED: when the channel confirmed delivery.")
        .Text("failureReason", a => a.FailureReason, description: "From MESSAGE_FAILED's reason attribute: no-address, no-template, rejected, …")
        .Texts("reasons", a => a.Reasons, description: "Ids of the rules that decided it.")
        .GraphQLOnly("explanations",
            "reason labels for people reading a screen, from the domain's reason catalogue; connectors and backends read the reason ids")
        .Texts("notices", a => a.Notices, description: "What the message must say, e.g. MAY_HAVE_CROSSED.")
        .Integer("policyVersion", a => a.PolicyVersion)
        .Text("template", a => a.Template)
        .Text("stepId", a => a.StepId)
        .Choice("team", a => a.Team)
        .Money("collectionCosts", a => a.CollectionCosts, description: "On the 14-day letter to a consumer: the statutory (BIK) collection costs it announces.")
        .Day("receivedOn", a => a.ReceivedOn, description: "On the 14-day letter: the day it counts as received.")
        .Day("deadline", a => a.Deadline, description: "On the 14-day letter: the last day of the 14-day term.")
        .Many<BundledCaseGraphType, BundledCase, V1.BundledCase>("cases", a => a.Cases, () => Bundled,
            description: "A bundled contact (policy `bundling`): every case it speaks for, each at its own ladder step, the earliest first (`caseId` and `stepId` name that one). Empty for a contact about one case or none.")
        .ProtoOnly("tenant", "on the actions feed (WatchActions) an action travels without its customer, so it carries the keys; GraphQL reads it under its customer")
        .ProtoOnly("customer_id", "as tenant: the feed's actions carry their keys");
}
