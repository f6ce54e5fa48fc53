using GraphQL;
using GraphQL.Types;
using Journey.Api.Reading;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using Journey.Abstractions;

namespace Journey.Api.GraphQL;

// Types are generated from their records (AutoRegisteringObjectGraphType) where the record's shape is
// the schema's. They stay hand-written where the schema needs something else: times served as
// ISO-8601 strings with an offset, counts kept as long and served as Int, ImmutableArray lists
// (GraphQL.NET does not map them by itself), and fields worked out from the source.

public sealed class CustomerGraphType : ObjectGraphType<CustomerState>
{
    public CustomerGraphType(Application.CustomerReadModel customers, JourneyApiOptions options)
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
            .Resolve(c => Application.TimelinePages.Page(c.Source.Timeline, c.GetArgument("first", options.DefaultTimelinePage), c.GetArgument<string?>("before")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CaseGraphType>>>>("cases").ResolveAsync(async c => await customers.CasesAsync(c.Source));
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
            .ResolveAsync(async c => await customers.RiskAsync(c.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactOptionGraphType>>>>("contactOptions")
            .Description("For every channel, what `requestContact` by the team would answer now, with the sender the customer would see. A read: nothing is booked, `version` does not change, and an ALLOWED answer carries no actionId.")
            .Argument<NonNullGraphType<EnumerationGraphType<Team>>>("team")
            .ResolveAsync(async c => await customers.ContactOptionsAsync(c.Source, c.GetArgument<Team>("team")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("summary")
            .Description("The customer's situation in a few plain sentences (flags first, open amount, holds and why, promises, last contacts, risk signals); it describes and never decides.")
            .Argument<EnumerationGraphType<ExplanationLanguage>>("language", "EN (default) or NL.")
            .ResolveAsync(async c => await customers.SummaryAsync(c.Source, c.GetArgument("language", ExplanationLanguage.EN)));
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
            .ResolveAsync(async c => await customers.DecisionsAsync(c.Source, Math.Clamp(c.GetArgument("first", 100), 0, 10_000)));
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
        Field<PlanGraphType>("plan").Description("The instalment plan of the arrangement in force, as of today; null without an arrangement that names an amount per instalment and a first date.").Resolve(c => c.Source.Plan);
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
            .Resolve(c => Application.TimelinePages.Page(CaseStatus.Timeline(c.Source.Customer, c.Source.Case), c.GetArgument("first", options.DefaultTimelinePage), c.GetArgument<string?>("before")));
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

public sealed class PlanGraphType : ObjectGraphType<PlanView>
{
    public PlanGraphType()
    {
        Name = "Plan";
        Description = "A payment arrangement's instalments: payments since it was agreed cover them in order; one unpaid after its grace period (policy plans.graceDays) breaks the plan and the ladder resumes.";
        Field<NonNullGraphType<EnumerationGraphType<PlanState>>>("state").Resolve(c => c.Source.State);
        Field<NonNullGraphType<DecimalGraphType>>("remaining").Description("What the case still owes.").Resolve(c => c.Source.Remaining);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InstalmentGraphType>>>>("instalments").Resolve(c => c.Source.Instalments);
    }
}

public sealed class InstalmentGraphType : ObjectGraphType<InstalmentView>
{
    public InstalmentGraphType()
    {
        Name = "Instalment";
        Field<NonNullGraphType<StringGraphType>>("dueDate").Resolve(c => IsoTime.Format(c.Source.DueDate));
        Field<NonNullGraphType<DecimalGraphType>>("amount").Resolve(c => Money.Scaled(c.Source.Amount));
        Field<NonNullGraphType<EnumerationGraphType<InstalmentStatus>>>("status").Resolve(c => c.Source.Status);
    }
}
