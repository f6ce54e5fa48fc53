using GraphQL;
using GraphQL.Types;
using Journey.Api.Reading;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using Journey.Grains;

namespace Journey.Api.GraphQL;

// Types are generated from their records (AutoRegisteringObjectGraphType) where the record's shape is
// the schema's. They stay hand-written where the schema needs something else: times served as
// ISO-8601 strings with an offset, counts kept as long and served as Int, ImmutableArray lists
// (GraphQL.NET does not map them by itself), and fields worked out from the source.

public sealed class CustomerGraphType : ObjectGraphType<CustomerState>
{
    public CustomerGraphType(JourneyReader reader, JourneyApiOptions options)
    {
        Name = "Customer";
        Field<NonNullGraphType<StringGraphType>>("tenant").Resolve(c => c.Source.Tenant);
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => c.Source.CustomerId);
        Field<NonNullGraphType<IntGraphType>>("version")
            .Description("Rises by one with every persisted change to anything this type returns.")
            .Resolve(c => (int)c.Source.Version);
        Field<NonNullGraphType<IntGraphType>>("timelineCount")
            .Description("Every touchpoint ever recorded, including those moved to the archive.")
            .Resolve(c => (int)c.Source.TimelineCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TouchpointGraphType>>>>("timeline")
            .Description("Newest first by occurredAt. `before`: an eventId (entries older than it) or an ISO-8601 time.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("before")
            .Resolve(c => JourneyReader.TimelinePage(c.Source.Timeline, c.GetArgument("first", options.DefaultTimelinePage), c.GetArgument<string?>("before")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CaseGraphType>>>>("cases").ResolveAsync(async c => await reader.CasesAsync(c.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActionGraphType>>>>("actions")
            .Description("Actions planned, dispatched, sent, failed or cancelled, by the engine and booked by teams; oldest first. `after`: an actionId (the actions after it).")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .Argument<EnumerationGraphType<ActionStatus>>("status")
            .Resolve(c => ActionPage(c.Source.Actions, c.GetArgument("first", Engine.ActionHistoryBound), c.GetArgument<string?>("after"), c.GetArgument<ActionStatus?>("status")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActionGraphType>>>>("suppressed")
            .Description("What was not sent, and why (reasons); oldest first. `after`: an actionId.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .Resolve(c => ActionPage(c.Source.Suppressed, c.GetArgument("first", Engine.ActionHistoryBound), c.GetArgument<string?>("after"), null));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HoldGraphType>>>>("holds").Resolve(c => c.Source.Holds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("segments")
            .Description("The policy segments the customer belongs to, by id.")
            .Resolve(c => c.Source.Segments);
        Field<NonNullGraphType<RiskGraphType>>("risk")
            .Description("Early warning under the tenant's policy: the level now and the signals that raised it. Risk only routes to advice or a person.")
            .ResolveAsync(async c => await reader.RiskAsync(c.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactOptionGraphType>>>>("contactOptions")
            .Description("For every channel, what `requestContact` by the team would answer now, with the sender the customer would see. A read: nothing is booked, `version` does not change, and an ALLOWED answer carries no actionId.")
            .Argument<NonNullGraphType<EnumerationGraphType<Team>>>("team")
            .ResolveAsync(async c => await reader.ContactOptionsAsync(c.Source, c.GetArgument<Team>("team")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("summary")
            .Description("The customer's situation in a few plain sentences (flags first, open amount, holds and why, promises, last contacts, risk signals); it describes and never decides.")
            .Argument<EnumerationGraphType<ExplanationLanguage>>("language", "EN (default) or NL.")
            .ResolveAsync(async c => await reader.SummaryAsync(c.Source, c.GetArgument("language", ExplanationLanguage.EN)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EnumerationGraphType<CustomerFlag>>>>>("flags").Resolve(c => c.Source.Flags);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ConsentGraphType>>>>("consents").Resolve(c => c.Source.Consents);
        Field<ContactDetailsGraphType>("contact").Description("How to reach the customer and in which language (CONTACT_DETAILS_CHANGED); null until given.").Resolve(c => c.Source.Contact);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactGraphType>>>>("contacts")
            .Description("Outbound contacts by every team, newest first.")
            .Resolve(c => c.Source.Contacts);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FeedbackGraphType>>>>("feedback")
            .Description("NPS answers and call outcomes (with the reason for non-payment), each linked to the contact it answers; oldest first.")
            .Resolve(c => c.Source.Feedback);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActionGraphType>>>>("decisions")
            .Description("The decision log: every contact planned, sent or withheld, who or what decided it (decidedBy) and why (reasons, policyVersion); newest first. Kept for the policy's privacy.decisionLogRetention; past the newest 200 actions and 200 withheld steps, from the customer's decision archive.")
            .Argument<IntGraphType>("first")
            .ResolveAsync(async c => await reader.DecisionsAsync(c.Source, Math.Clamp(c.GetArgument("first", 100), 0, 10_000)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PromiseGraphType>>>>("promises").Resolve(c => c.Source.Promises);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CreditGraphType>>>>("credits")
            .Description("Money received that no case has absorbed: a surplus, or a payment ahead of its invoice.")
            .Resolve(c => c.Source.Credits);
    }

    private static IEnumerable<OutboundAction> ActionPage(IEnumerable<OutboundAction> actions, int first, string? after, ActionStatus? status)
    {
        if (!string.IsNullOrEmpty(after))
        {
            actions = actions.SkipWhile(a => a.ActionId != after).Skip(1);
        }

        return actions.Where(a => status is null || a.Status == status).Take(first);
    }
}

public sealed class CaseGraphType : ObjectGraphType<CaseView>
{
    public CaseGraphType(JourneyApiOptions options)
    {
        Name = "Case";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => c.Source.Case.CaseId);
        Field<NonNullGraphType<StringGraphType>>("tenant").Resolve(c => c.Source.Customer.Tenant);
        Field<NonNullGraphType<StringGraphType>>("customerId").Resolve(c => c.Source.Customer.CustomerId);
        Field<NonNullGraphType<EnumerationGraphType<CaseStage>>>("stage").Resolve(c => c.Source.Stage);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Case.Currency);
        Field<NonNullGraphType<DecimalGraphType>>("amountInvoiced").Resolve(c => Money.Scaled(c.Source.Case.AmountInvoiced));
        Field<NonNullGraphType<DecimalGraphType>>("amountCredited").Resolve(c => Money.Scaled(c.Source.Case.AmountCredited));
        Field<NonNullGraphType<DecimalGraphType>>("amountPaid").Resolve(c => Money.Scaled(c.Source.Case.AmountPaid));
        Field<NonNullGraphType<DecimalGraphType>>("amountDue").Description("Never negative.").Resolve(c => Money.Scaled(c.Source.Case.AmountDue));
        Field<NonNullGraphType<DecimalGraphType>>("overpaid").Resolve(c => Money.Scaled(c.Source.Case.Overpaid));
        Field<NonNullGraphType<StringGraphType>>("dueDate").Resolve(c => IsoTime.Format(c.Source.Case.DueDate));
        Field<NonNullGraphType<StringGraphType>>("overdueFrom")
            .Description("00:00 tenant time on the day after the due date.")
            .Resolve(c => IsoTime.Format(c.Source.OverdueFrom));
        Field<NonNullGraphType<EnumerationGraphType<DebtorType>>>("debtorType").Resolve(c => c.Source.Case.DebtorType);
        Field<NonNullGraphType<BooleanGraphType>>("onHold").Resolve(c => c.Source.OnHold);
        Field<StringGraphType>("holdReason").Description("The reason of the earliest open hold covering the case.").Resolve(c => c.Source.Hold?.Reason);
        Field<NonNullGraphType<StringGraphType>>("openedAt").Resolve(c => IsoTime.Format(c.Source.Case.OpenedAt));
        Field<StringGraphType>("writtenOffAt").Resolve(c => c.Source.Case.WrittenOffAt is { } at ? IsoTime.Format(at) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PaymentGraphType>>>>("payments").Resolve(c => c.Source.Case.Payments);
        Field<ActionGraphType>("nextStep").Description("The planned next dunning step; null while on hold or when the ladder is done.").Resolve(c => c.Source.NextStep);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PromiseGraphType>>>>("promises")
            .Resolve(c => c.Source.Customer.Promises.Where(p => p.CaseId == c.Source.Case.CaseId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TouchpointGraphType>>>>("timeline")
            .Description("The case's own touchpoints and the payments that settled it, newest first.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("before")
            .Resolve(c => JourneyReader.TimelinePage(CaseStatus.Timeline(c.Source.Customer, c.Source.Case), c.GetArgument("first", options.DefaultTimelinePage), c.GetArgument<string?>("before")));
    }
}

public sealed class TouchpointGraphType : ObjectGraphType<Touchpoint>
{
    public TouchpointGraphType()
    {
        Name = "Touchpoint";
        Field<NonNullGraphType<StringGraphType>>("eventId").Resolve(c => c.Source.EventId);
        Field<NonNullGraphType<EnumerationGraphType<TouchpointType>>>("type").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<StringGraphType>>("occurredAt").Resolve(c => IsoTime.Format(c.Source.OccurredAt));
        Field<StringGraphType>("receivedAt").Description("When the engine took it in (business clock); replays run it at this moment.").Resolve(c => c.Source.ReceivedAt is { } at ? IsoTime.Format(at) : null);
        Field<StringGraphType>("caseId").Resolve(c => c.Source.CaseId);
        Field<EnumerationGraphType<Channel>>("channel").Resolve(c => c.Source.Channel);
        Field<EnumerationGraphType<Team>>("team").Resolve(c => c.Source.Team);
        Field<DecimalGraphType>("amount").Resolve(c => Money.Scaled(c.Source.Amount));
        Field<StringGraphType>("currency").Resolve(c => c.Source.Currency);
        Field<StringGraphType>("dueDate").Resolve(c => c.Source.DueDate is { } due ? IsoTime.Format(due) : null);
        Field<StringGraphType>("actionId").Resolve(c => c.Source.ActionId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AttributeGraphType>>>>("attributes").Resolve(c => c.Source.Attributes);
    }
}

/// <summary>Generated from the record (names and nullability as declared).</summary>
public sealed class AttributeGraphType : AutoRegisteringObjectGraphType<TouchpointAttribute>
{
    public AttributeGraphType()
    {
        Name = "Attribute";
    }
}

public sealed class HoldGraphType : ObjectGraphType<Hold>
{
    public HoldGraphType()
    {
        Name = "Hold";
        Field<NonNullGraphType<StringGraphType>>("holdId").Description("The eventId of the touchpoint that opened it.").Resolve(c => c.Source.HoldId);
        Field<NonNullGraphType<EnumerationGraphType<HoldKind>>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("reason").Resolve(c => c.Source.Reason);
        Field<StringGraphType>("caseId").Description("Null when the hold covers every case of the customer.").Resolve(c => c.Source.CaseId);
        Field<NonNullGraphType<StringGraphType>>("openedAt").Resolve(c => IsoTime.Format(c.Source.OpenedAt));
    }
}

public sealed class ConsentGraphType : ObjectGraphType<ChannelConsent>
{
    public ConsentGraphType()
    {
        Name = "Consent";
        Field<NonNullGraphType<EnumerationGraphType<Channel>>>("channel").Resolve(c => c.Source.Channel);
        Field<NonNullGraphType<BooleanGraphType>>("granted").Resolve(c => c.Source.Granted);
        Field<NonNullGraphType<StringGraphType>>("changedAt").Resolve(c => IsoTime.Format(c.Source.ChangedAt));
    }
}

public sealed class ContactGraphType : ObjectGraphType<ContactEntry>
{
    public ContactGraphType()
    {
        Name = "Contact";
        Field<NonNullGraphType<StringGraphType>>("eventId").Resolve(c => c.Source.EventId);
        Field<NonNullGraphType<StringGraphType>>("at").Resolve(c => IsoTime.Format(c.Source.At));
        Field<NonNullGraphType<EnumerationGraphType<TouchpointType>>>("type").Resolve(c => c.Source.Type);
        Field<EnumerationGraphType<Team>>("team").Resolve(c => c.Source.Team);
        Field<EnumerationGraphType<Channel>>("channel").Resolve(c => c.Source.Channel);
        Field<StringGraphType>("actionId").Resolve(c => c.Source.ActionId);
        Field<StringGraphType>("outcome").Resolve(c => c.Source.Outcome);
        Field<EnumerationGraphType<ActionKind>>("kind").Description("The action's kind when the engine dispatched it or a team booked it; null for a contact a team reported itself.").Resolve(c => c.Source.Kind);
        Field<StringGraphType>("decidedBy").Description("Who decided the contact, as an action's decidedBy: rules, or team:SERVICE; null when no team was named.").Resolve(c => c.Source.DecidedBy());
    }
}

public sealed class PromiseGraphType : ObjectGraphType<PromiseToPay>
{
    public PromiseGraphType()
    {
        Name = "Promise";
        Field<NonNullGraphType<StringGraphType>>("eventId").Resolve(c => c.Source.EventId);
        Field<StringGraphType>("caseId").Resolve(c => c.Source.CaseId);
        Field<DecimalGraphType>("amount").Resolve(c => Money.Scaled(c.Source.Amount));
        Field<StringGraphType>("currency").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<StringGraphType>>("promisedFor").Resolve(c => IsoTime.Format(c.Source.PromisedFor));
        Field<NonNullGraphType<StringGraphType>>("madeAt").Resolve(c => IsoTime.Format(c.Source.MadeAt));
    }
}

public sealed class PaymentGraphType : ObjectGraphType<PaymentAllocation>
{
    public PaymentGraphType()
    {
        Name = "Payment";
        Field<NonNullGraphType<StringGraphType>>("eventId").Resolve(c => c.Source.PaymentEventId);
        Field<NonNullGraphType<DecimalGraphType>>("amount").Resolve(c => Money.Scaled(c.Source.Amount));
        Field<NonNullGraphType<StringGraphType>>("receivedAt").Resolve(c => IsoTime.Format(c.Source.ReceivedAt));
    }
}

public sealed class CreditGraphType : ObjectGraphType<Credit>
{
    public CreditGraphType()
    {
        Name = "Credit";
        Field<NonNullGraphType<StringGraphType>>("paymentEventId").Resolve(c => c.Source.PaymentEventId);
        Field<StringGraphType>("caseId").Description("The case the payment named, when its invoice has not arrived yet.").Resolve(c => c.Source.CaseId);
        Field<NonNullGraphType<DecimalGraphType>>("amount").Resolve(c => Money.Scaled(c.Source.Amount));
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<StringGraphType>>("receivedAt").Resolve(c => IsoTime.Format(c.Source.ReceivedAt));
    }
}

public sealed class TouchpointReceiptGraphType : ObjectGraphType<IngestOutcome>
{
    public TouchpointReceiptGraphType()
    {
        Name = "TouchpointReceipt";
        Field<NonNullGraphType<StringGraphType>>("eventId").Resolve(c => c.Source.EventId);
        Field<NonNullGraphType<BooleanGraphType>>("duplicate").Resolve(c => c.Source.Status == IngestStatus.Duplicate);
        Field<NonNullGraphType<IntGraphType>>("version").Description("The customer's version after this touchpoint.").Resolve(c => (int)c.Source.Version);
    }
}

public sealed class ClockGraphType : ObjectGraphType<BusinessClock>
{
    public ClockGraphType()
    {
        Name = "Clock";
        Field<NonNullGraphType<StringGraphType>>("now").Resolve(c => IsoTime.Format(c.Source.Now));
        Field<NonNullGraphType<EnumerationGraphType<ClockMode>>>("mode").Resolve(c => c.Source.Mode);
    }
}

public sealed class ActionGraphType : ObjectGraphType<OutboundAction>
{
    public ActionGraphType()
    {
        Name = "Action";
        Field<NonNullGraphType<StringGraphType>>("actionId").Resolve(c => c.Source.ActionId);
        Field<NonNullGraphType<StringGraphType>>("decidedBy")
            .Description("`rules` when the tenant's policy decided it (reasons name the rules), `team:<TEAM>` when a team booked it through requestContact.")
            .Resolve(c => c.Source.DecidedBy());
        Field<StringGraphType>("caseId").Resolve(c => c.Source.CaseId);
        Field<NonNullGraphType<EnumerationGraphType<ActionKind>>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<EnumerationGraphType<Channel>>>("channel").Resolve(c => c.Source.Channel);
        Field<NonNullGraphType<EnumerationGraphType<Sender>>>("sender").Resolve(c => c.Source.Sender);
        Field<NonNullGraphType<StringGraphType>>("senderName").Resolve(c => c.Source.SenderName);
        Field<StringGraphType>("wkiNumber").Description("The agency's WKI registration number when the sender is AGENCY.").Resolve(c => c.Source.WkiNumber);
        Field<NonNullGraphType<EnumerationGraphType<ActionStatus>>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("at").Description("When it is or was due, after quiet-hours and budget deferral.").Resolve(c => IsoTime.Format(c.Source.At));
        Field<NonNullGraphType<StringGraphType>>("plannedAt").Description("When it was due before deferral.").Resolve(c => IsoTime.Format(c.Source.PlannedAt));
        Field<StringGraphType>("sentAt").Resolve(c => c.Source.SentAt is { } sent ? IsoTime.Format(sent) : null);
        Field<StringGraphType>("deliveredAt").Description("From MESSAGE_DELIVERED: when the channel confirmed delivery.").Resolve(c => c.Source.DeliveredAt is { } delivered ? IsoTime.Format(delivered) : null);
        Field<StringGraphType>("failureReason").Description("From MESSAGE_FAILED's reason attribute: no-address, no-template, rejected, …").Resolve(c => c.Source.FailureReason);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("reasons").Description("Ids of the rules that decided it.").Resolve(c => c.Source.Reasons);
        ExplanationGraphType.Field(this, c => c.Reasons);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("notices").Description("What the message must say, e.g. MAY_HAVE_CROSSED.").Resolve(c => c.Source.Notices);
        Field<NonNullGraphType<IntGraphType>>("policyVersion").Resolve(c => c.Source.PolicyVersion);
        Field<StringGraphType>("template").Resolve(c => c.Source.Template);
        Field<StringGraphType>("stepId").Resolve(c => c.Source.StepId);
        Field<EnumerationGraphType<Team>>("team").Resolve(c => c.Source.Team);
        Field<DecimalGraphType>("collectionCosts").Description("On the 14-day letter to a consumer: the statutory (BIK) collection costs it announces.").Resolve(c => Money.Scaled(c.Source.CollectionCosts));
        Field<StringGraphType>("receivedOn").Description("On the 14-day letter: the day it counts as received.").Resolve(c => c.Source.ReceivedOn is { } day ? IsoTime.Format(day) : null);
        Field<StringGraphType>("deadline").Description("On the 14-day letter: the last day of the 14-day term.").Resolve(c => c.Source.Deadline is { } day ? IsoTime.Format(day) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BundledCaseGraphType>>>>("cases")
            .Description("A bundled contact (policy `bundling`): every case it speaks for, each at its own ladder step, the earliest first (`caseId` and `stepId` name that one). Empty for a contact about one case or none.")
            .Resolve(c => c.Source.Cases);
    }
}

public sealed class BundledCaseGraphType : ObjectGraphType<BundledCase>
{
    public BundledCaseGraphType()
    {
        Name = "BundledCase";
        Field<NonNullGraphType<StringGraphType>>("caseId").Resolve(c => c.Source.CaseId);
        Field<NonNullGraphType<StringGraphType>>("stepId").Resolve(c => c.Source.StepId);
        Field<NonNullGraphType<DecimalGraphType>>("amountDue").Description("What the case owed when bundled, and as dispatched once the contact went out.").Resolve(c => Money.Scaled(c.Source.AmountDue));
    }
}

public sealed class ContactDecisionGraphType : ObjectGraphType<ContactDecision>
{
    public ContactDecisionGraphType()
    {
        Name = "ContactDecision";
        Field<NonNullGraphType<EnumerationGraphType<ContactOutcome>>>("outcome").Resolve(c => c.Source.Outcome);
        Field<StringGraphType>("deferredUntil").Resolve(c => c.Source.DeferredUntil is { } until ? IsoTime.Format(until) : null);
        Field<NonNullGraphType<EnumerationGraphType<Sender>>>("sender").Resolve(c => c.Source.Sender);
        Field<NonNullGraphType<StringGraphType>>("senderName").Resolve(c => c.Source.SenderName);
        Field<StringGraphType>("wkiNumber").Resolve(c => c.Source.WkiNumber);
        Field<EnumerationGraphType<Channel>>("suggestedChannel").Resolve(c => c.Source.SuggestedChannel);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("reasons").Resolve(c => c.Source.Reasons);
        ExplanationGraphType.Field(this, c => c.Reasons);
        Field<StringGraphType>("actionId").Description("Set when ALLOWED: report the contact with this actionId.").Resolve(c => c.Source.ActionId);
        Field<NonNullGraphType<IntGraphType>>("policyVersion").Resolve(c => c.Source.PolicyVersion);
    }
}

public sealed class ContactOptionGraphType : ObjectGraphType<ContactOption>
{
    public ContactOptionGraphType()
    {
        Name = "ContactOption";
        Field<NonNullGraphType<EnumerationGraphType<Channel>>>("channel").Resolve(c => c.Source.Channel);
        Field<NonNullGraphType<ContactDecisionGraphType>>("decision").Resolve(c => c.Source.Decision);
    }
}

/// <summary>A reason id with its label from the domain's one reason catalogue.</summary>
public sealed class ExplanationGraphType : ObjectGraphType<Explanation>
{
    public ExplanationGraphType()
    {
        Name = "Explanation";
        Field<NonNullGraphType<StringGraphType>>("code").Description("The reason id, as in `reasons`.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("label").Description("What it means, in plain words (with its parameter, e.g. the step or channel).").Resolve(c => c.Source.Label);
    }

    /// <summary>The <c>explanations</c> field beside a type's <c>reasons</c>.</summary>
    public static void Field<TSource>(ObjectGraphType<TSource> type, Func<TSource, IEnumerable<string>> reasons) =>
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExplanationGraphType>>>>("explanations")
            .Description("The reasons in plain words, in the order of `reasons`.")
            .Argument<EnumerationGraphType<ExplanationLanguage>>("language", "EN (default) or NL.")
            .Resolve(c => ReasonCatalogue.Explain(reasons(c.Source), c.GetArgument("language", ExplanationLanguage.EN)).ToList());
}

public sealed class PolicyVersionGraphType : ObjectGraphType<Grains.Policies.PolicyVersion>
{
    public PolicyVersionGraphType()
    {
        Name = "PolicyVersion";
        Field<NonNullGraphType<StringGraphType>>("tenant").Description("The tenant whose document this is (default for tenants without their own).").Resolve(c => c.Source.Tenant);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<StringGraphType>>("document").Resolve(c => c.Source.Document);
        Field<NonNullGraphType<StringGraphType>>("setAt").Resolve(c => IsoTime.Format(c.Source.SetAt));
        Field<NonNullGraphType<StringGraphType>>("source").Resolve(c => c.Source.Source);
    }
}

public sealed class SetPolicyResultGraphType : ObjectGraphType<Grains.Policies.SetPolicyResult>
{
    public SetPolicyResultGraphType()
    {
        Name = "SetPolicyResult";
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Current!.Version);
        Field<NonNullGraphType<BooleanGraphType>>("changed").Description("False when the document equals the version in force.").Resolve(c => c.Source.Changed);
        Field<NonNullGraphType<PolicyVersionGraphType>>("policy").Resolve(c => c.Source.Current);
    }
}

public sealed class ErasureReceiptGraphType : ObjectGraphType<ErasureReceipt>
{
    public ErasureReceiptGraphType()
    {
        Name = "ErasureReceipt";
        Description = "What erasing a customer removed. `erased` is false when there was nothing to erase (never seen, or erased before).";
        Field<NonNullGraphType<StringGraphType>>("tenant").Resolve(c => c.Source.Tenant);
        Field<NonNullGraphType<StringGraphType>>("customerId").Resolve(c => c.Source.CustomerId);
        Field<NonNullGraphType<BooleanGraphType>>("erased").Resolve(c => c.Source.Erased);
        Field<StringGraphType>("erasedAt").Resolve(c => c.Source.ErasedAt is { } at ? IsoTime.Format(at) : null);
        Field<NonNullGraphType<LongGraphType>>("touchpoints").Resolve(c => c.Source.Touchpoints);
        Field<NonNullGraphType<IntGraphType>>("cases").Resolve(c => c.Source.Cases);
        Field<NonNullGraphType<IntGraphType>>("actions").Resolve(c => c.Source.Actions);
        Field<NonNullGraphType<IntGraphType>>("archivePages").Resolve(c => c.Source.ArchivePages);
        Field<NonNullGraphType<IntGraphType>>("outboxEntries").Resolve(c => c.Source.OutboxEntries);
    }
}

// Generated from the record but for the list: GraphQL.NET does not map ImmutableArray<T> to a list by itself.
public sealed class RiskGraphType : AutoRegisteringObjectGraphType<Risk>
{
    public RiskGraphType()
        : base(r => r.Signals)
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("signals")
            .Description("Ids of the signals present: advance-below-expected, withholding-announced, late-payments, broken-promises, open-complaints, failed-payments.")
            .Resolve(c => c.Source.Signals);
    }
}

/// <summary>Generated from the record.</summary>
public sealed class SegmentCountGraphType : AutoRegisteringObjectGraphType<SegmentCount>
{
    public SegmentCountGraphType()
    {
        Name = "SegmentCount";
    }
}

// Generated from the record but for the list: GraphQL.NET does not map ImmutableArray<T> to a list by itself.
public sealed class SegmentPageGraphType : AutoRegisteringObjectGraphType<SegmentPage>
{
    public SegmentPageGraphType()
        : base(p => p.Members)
    {
        Name = "SegmentMembers";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("members").Description("Customer ids, ascending.").Resolve(c => c.Source.Members);
    }
}

// Generated from the record but for the list.
public sealed class ExperimentResultsGraphType : AutoRegisteringObjectGraphType<ExperimentResults>
{
    public ExperimentResultsGraphType()
        : base(r => r.Variants)
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<VariantResultGraphType>>>>("variants").Resolve(c => c.Source.Variants);
    }
}

/// <summary>Generated from the record.</summary>
public sealed class VariantResultGraphType : AutoRegisteringObjectGraphType<VariantResult>;

public sealed class FeedbackGraphType : ObjectGraphType<FeedbackEntry>
{
    public FeedbackGraphType()
    {
        Name = "Feedback";
        Field<NonNullGraphType<StringGraphType>>("eventId").Resolve(c => c.Source.EventId);
        Field<NonNullGraphType<StringGraphType>>("at").Resolve(c => IsoTime.Format(c.Source.At));
        Field<NonNullGraphType<EnumerationGraphType<TouchpointType>>>("type").Resolve(c => c.Source.Type);
        Field<IntGraphType>("score").Description("NPS score (0–10) on NPS_RESPONSE.").Resolve(c => c.Source.Score);
        Field<StringGraphType>("outcome").Description("Outcome of a CALL_COMPLETED.").Resolve(c => c.Source.Outcome);
        Field<StringGraphType>("nonPaymentReason").Description("A code of the policy's feedback.nonPaymentReasons.").Resolve(c => c.Source.NonPaymentReason);
        Field<StringGraphType>("contactActionId").Description("The action of the contact this answers, when it was one.").Resolve(c => c.Source.ContactActionId);
        Field<EnumerationGraphType<Team>>("contactTeam").Description("The team of the contact this answers.").Resolve(c => c.Source.ContactTeam);
        Field<EnumerationGraphType<Channel>>("contactChannel").Resolve(c => c.Source.ContactChannel);
        Field<StringGraphType>("contactStep").Description("The ladder step of the contact this answers.").Resolve(c => c.Source.ContactStepId);
    }
}

public sealed class TenantStatisticsGraphType : ObjectGraphType<TenantStatisticsView>
{
    public TenantStatisticsGraphType()
    {
        Name = "TenantStatistics";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactStatisticsGraphType>>>>("contacts").Description("Per action kind, channel and ladder step (null step: a triggered action).").Resolve(c => c.Source.Contacts);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactStatisticsGraphType>>>>("byKind").Resolve(c => c.Source.ByKind);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactStatisticsGraphType>>>>("byChannel").Resolve(c => c.Source.ByChannel);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactStatisticsGraphType>>>>("byStep").Resolve(c => c.Source.ByStep);
        Field<NonNullGraphType<IntGraphType>>("paidWithoutContact").Description("Payments on overdue-tracked cases that no contact of the engine preceded.").Resolve(c => (int)c.Source.PaidWithoutContact);
        Field<NonNullGraphType<NpsStatisticsGraphType>>("nps").Resolve(c => c.Source.Nps);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NpsStatisticsGraphType>>>>("npsByTeam").Description("By the team of the contact each answer followed (`-`: none).").Resolve(c => c.Source.NpsByTeam);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NpsStatisticsGraphType>>>>("npsByStep").Description("By the ladder step of the contact each answer followed (`-`: not a ladder step).").Resolve(c => c.Source.NpsByStep);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NpsStatisticsGraphType>>>>("npsByChannel").Resolve(c => c.Source.NpsByChannel);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CodeCountGraphType>>>>("nonPaymentReasons").Description("Reasons for non-payment reported on calls, most frequent first, with the policy's label.").Resolve(c => c.Source.NonPaymentReasons);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CodeCountGraphType>>>>("callOutcomes").Resolve(c => c.Source.CallOutcomes);
    }
}

public sealed class ContactStatisticsGraphType : ObjectGraphType<ContactStatistics>
{
    public ContactStatisticsGraphType()
    {
        Name = "ContactStatistics";
        Field<EnumerationGraphType<ActionKind>>("kind").Resolve(c => c.Source.Kind);
        Field<EnumerationGraphType<Channel>>("channel").Resolve(c => c.Source.Channel);
        Field<StringGraphType>("step").Resolve(c => c.Source.Step);
        Field<NonNullGraphType<IntGraphType>>("contacts").Description("Contacts dispatched.").Resolve(c => (int)c.Source.Contacts);
        Field<NonNullGraphType<IntGraphType>>("paid").Description("Contacts that a payment followed (before the next contact on the case); each counted once.").Resolve(c => (int)c.Source.Paid);
        Field<FloatGraphType>("paymentRate").Resolve(c => c.Source.PaymentRate);
        Field<FloatGraphType>("meanDaysToPay").Description("Days from the contact to the first payment after it.").Resolve(c => c.Source.MeanDaysToPay);
    }
}

public sealed class NpsStatisticsGraphType : ObjectGraphType<NpsStatistics>
{
    public NpsStatisticsGraphType()
    {
        Name = "NpsStatistics";
        Field<NonNullGraphType<StringGraphType>>("key").Description("The team, step or channel (`-`: none).").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<IntGraphType>>("responses").Resolve(c => (int)c.Source.Responses);
        Field<FloatGraphType>("meanScore").Resolve(c => c.Source.MeanScore);
        Field<NonNullGraphType<IntGraphType>>("promoters").Description("Scores 9–10.").Resolve(c => (int)c.Source.Promoters);
        Field<NonNullGraphType<IntGraphType>>("detractors").Description("Scores 0–6.").Resolve(c => (int)c.Source.Detractors);
        Field<FloatGraphType>("score").Description("% promoters − % detractors (−100…100).").Resolve(c => c.Source.Score);
    }
}

public sealed class CodeCountGraphType : ObjectGraphType<CodeCount>
{
    public CodeCountGraphType()
    {
        Name = "CodeCount";
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Code);
        Field<StringGraphType>("label").Resolve(c => c.Source.Label);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => (int)c.Source.Count);
    }
}

public sealed class WorklistItemGraphType : ObjectGraphType<Grains.Worklists.WorklistEntry>
{
    public WorklistItemGraphType()
    {
        Name = "WorklistItem";
        Field<NonNullGraphType<StringGraphType>>("itemId").Resolve(c => c.Source.Item.ItemId);
        Field<NonNullGraphType<EnumerationGraphType<WorklistKind>>>("kind").Description("What it asks now (a promise whose day has passed is BROKEN_PROMISE).").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("customerId").Resolve(c => c.Source.Item.CustomerId);
        Field<StringGraphType>("caseId").Resolve(c => c.Source.Item.CaseId);
        Field<StringGraphType>("since").Description("When it became due (holds, call tasks).").Resolve(c => c.Source.Item.Since is { } since ? IsoTime.Format(since) : null);
        Field<StringGraphType>("promisedFor").Description("A promise's date.").Resolve(c => c.Source.Item.PromisedFor is { } day ? IsoTime.Format(day) : null);
        Field<NonNullGraphType<DecimalGraphType>>("amountDue").Description("Open on what the item is about.").Resolve(c => Money.Scaled(c.Source.Item.AmountDue));
        Field<NonNullGraphType<StringGraphType>>("detail").Description("The step, the hold's reason, the promise.").Resolve(c => c.Source.Item.Detail);
        Field<StringGraphType>("takenBy").Description("Who took it last (the lease may have run out).").Resolve(c => c.Source.Lease?.Agent);
        Field<StringGraphType>("takenAt").Resolve(c => c.Source.Lease is { } lease ? IsoTime.Format(lease.TakenAt) : null);
        Field<StringGraphType>("leasedUntil").Resolve(c => c.Source.Lease is { } lease ? IsoTime.Format(lease.Until) : null);
    }
}

public sealed class WorklistPageGraphType : ObjectGraphType<WorklistPage>
{
    public WorklistPageGraphType()
    {
        Name = "WorklistPage";
        Field<NonNullGraphType<IntGraphType>>("total").Description("Items on the whole list, not only this page.").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WorklistItemGraphType>>>>("items").Resolve(c => c.Source.Items);
    }
}

public sealed class WorklistTakeGraphType : ObjectGraphType<Grains.Worklists.WorklistTake>
{
    public WorklistTakeGraphType()
    {
        Name = "WorklistTake";
        Field<NonNullGraphType<BooleanGraphType>>("taken").Description("True when the item is now the caller's.").Resolve(c => c.Source.Taken);
        Field<WorklistItemGraphType>("item").Description("The item with its lease (the holder's, when not taken); null when it is on no list.").Resolve(c => c.Source.Entry);
    }
}

public sealed class ContactDetailsGraphType : ObjectGraphType<ContactDetails>
{
    public ContactDetailsGraphType()
    {
        Name = "ContactDetails";
        Field<StringGraphType>("name").Resolve(c => c.Source.Name);
        Field<StringGraphType>("email").Resolve(c => c.Source.Email);
        Field<StringGraphType>("phone").Description("E.164.").Resolve(c => c.Source.Phone);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("addressLines").Resolve(c => c.Source.AddressLines);
        Field<StringGraphType>("postalCode").Resolve(c => c.Source.PostalCode);
        Field<StringGraphType>("city").Resolve(c => c.Source.City);
        Field<StringGraphType>("country").Description("ISO 3166-1 alpha-2.").Resolve(c => c.Source.Country);
        Field<StringGraphType>("language").Description("nl or en.").Resolve(c => c.Source.Language);
    }
}

public sealed class TemplatesVersionGraphType : ObjectGraphType<Grains.Messages.TemplatesVersion>
{
    public TemplatesVersionGraphType()
    {
        Name = "TemplatesVersion";
        Field<NonNullGraphType<StringGraphType>>("tenant").Description("The tenant whose document this is (default for tenants without their own).").Resolve(c => c.Source.Tenant);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<StringGraphType>>("document").Resolve(c => c.Source.Document);
        Field<NonNullGraphType<StringGraphType>>("setAt").Resolve(c => IsoTime.Format(c.Source.SetAt));
        Field<NonNullGraphType<StringGraphType>>("source").Resolve(c => c.Source.Source);
    }
}

public sealed class SetTemplatesResultGraphType : ObjectGraphType<Grains.Messages.SetTemplatesResult>
{
    public SetTemplatesResultGraphType()
    {
        Name = "SetTemplatesResult";
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Current!.Version);
        Field<NonNullGraphType<BooleanGraphType>>("changed").Description("False when the document equals the version in force.").Resolve(c => c.Source.Changed);
        Field<NonNullGraphType<TemplatesVersionGraphType>>("templates").Resolve(c => c.Source.Current);
    }
}

public sealed class RecipientGraphType : ObjectGraphType<Messages.Recipient>
{
    public RecipientGraphType()
    {
        Name = "Recipient";
        Field<StringGraphType>("name").Resolve(c => c.Source.Name);
        Field<StringGraphType>("email").Resolve(c => c.Source.Email);
        Field<StringGraphType>("phone").Resolve(c => c.Source.Phone);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("addressLines").Resolve(c => c.Source.AddressLines);
        Field<StringGraphType>("postalCode").Resolve(c => c.Source.PostalCode);
        Field<StringGraphType>("city").Resolve(c => c.Source.City);
        Field<StringGraphType>("country").Resolve(c => c.Source.Country);
    }
}

public sealed class OutgoingMessageGraphType : ObjectGraphType<Messages.OutgoingMessage>
{
    public OutgoingMessageGraphType()
    {
        Name = "OutgoingMessage";
        Description = "The message an action becomes, rendered now from the tenant's templates in the customer's language: what connectors send.";
        Field<NonNullGraphType<StringGraphType>>("actionId").Resolve(c => c.Source.ActionId);
        Field<NonNullGraphType<StringGraphType>>("customerId").Resolve(c => c.Source.CustomerId);
        Field<NonNullGraphType<EnumerationGraphType<ActionKind>>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<EnumerationGraphType<Channel>>>("channel").Resolve(c => c.Source.Channel);
        Field<NonNullGraphType<EnumerationGraphType<ActionStatus>>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("senderName").Resolve(c => c.Source.SenderName);
        Field<StringGraphType>("wkiNumber").Resolve(c => c.Source.WkiNumber);
        Field<NonNullGraphType<StringGraphType>>("letterDate").Resolve(c => IsoTime.Format(c.Source.LetterDate));
        Field<NonNullGraphType<RecipientGraphType>>("recipient").Resolve(c => c.Source.Recipient);
        Field<StringGraphType>("language").Resolve(c => c.Source.Content?.Language);
        Field<StringGraphType>("template").Resolve(c => c.Source.Content?.TemplateName);
        Field<StringGraphType>("subject").Resolve(c => c.Source.Content?.Subject);
        Field<StringGraphType>("text").Resolve(c => c.Source.Content?.Text);
        Field<StringGraphType>("html").Resolve(c => c.Source.Content?.Html);
        Field<StringGraphType>("paymentUrl").Resolve(c => c.Source.PaymentUrl);
        Field<NonNullGraphType<StringGraphType>>("sendFrom").Description("The first moment it may be sent: now, or the end of quiet hours, a Sunday or a holiday.").Resolve(c => IsoTime.Format(c.Source.SendFrom));
        Field<StringGraphType>("failure").Description("Why it cannot be sent: no-address, no-template; null when it can.").Resolve(c => c.Source.Failure);
        Field<NonNullGraphType<BooleanGraphType>>("bookedByTeam").Description("A team booked it through requestContact and makes the contact itself.").Resolve(c => c.Source.BookedByTeam);
        Field<StringGraphType>("letterPdf").Description("A letter as the print house receives it: the PDF, base64. Null for other channels.")
            .Resolve(c => c.Source.Channel == Channel.LETTER && c.Source.Content is not null && c.Source.Failure is null ? Convert.ToBase64String(c.Source.LetterPdf()) : null);
    }
}

public sealed record CustomerIdPage(System.Collections.Immutable.ImmutableArray<string> Ids, string? Next);

public sealed class CustomerIdPageGraphType : ObjectGraphType<CustomerIdPage>
{
    public CustomerIdPageGraphType()
    {
        Name = "CustomerIdPage";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("ids").Resolve(c => c.Source.Ids);
        Field<StringGraphType>("next").Description("Pass as after for the next page; null when there are no more.").Resolve(c => c.Source.Next);
    }
}
