using GraphQL;
using GraphQL.Types;
using Journey.Api.Reading;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using Journey.Abstractions;
using Journey.Api.Wire;

namespace Journey.Api.GraphQL;

// The types both APIs serve take their fields from the wire catalogue (api/Wire), in order; a type adds
// itself only the fields GraphQL serves its own way (arguments, reads through the read model). Types only
// GraphQL serves are generated from their records (AutoRegisteringObjectGraphType) where the record's
// shape is the schema's, and hand-written where it needs something else.

public sealed class CustomerGraphType : ObjectGraphType<CustomerState>
{
    public CustomerGraphType(Application.CustomerReadModel customers, JourneyApiOptions options) => CustomerWire.Customer.AddTo(this, new Dictionary<string, Action<ObjectGraphType<CustomerState>>>
    {
        ["timeline"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TouchpointGraphType>>>>("timeline")
            .Description("Newest first by occurredAt. `before`: an eventId (entries older than it) or an ISO-8601 time.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("before")
            .Resolve(c => Application.TimelinePages.Page(c.Source.Timeline, c.GetArgument("first", options.DefaultTimelinePage), c.GetArgument<string?>("before"))),
        ["cases"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CaseGraphType>>>>("cases").ResolveAsync(async c => await customers.CasesAsync(c.Source)),
        ["actions"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActionGraphType>>>>("actions")
            .Description("Actions planned, dispatched, sent, failed or cancelled, by the engine and booked by teams; oldest first. `after`: an actionId (the actions after it).")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .Argument<EnumerationGraphType<ActionStatus>>("status")
            .Resolve(c => ActionPage(c.Source.Actions, c.GetArgument("first", Engine.ActionHistoryBound), c.GetArgument<string?>("after"), c.GetArgument<ActionStatus?>("status"))),
        ["suppressed"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActionGraphType>>>>("suppressed")
            .Description("What was not sent, and why (reasons); oldest first. `after`: an actionId.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .Resolve(c => ActionPage(c.Source.Suppressed, c.GetArgument("first", Engine.ActionHistoryBound), c.GetArgument<string?>("after"), null)),
        ["segments"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("segments")
            .Description("The policy segments the customer belongs to, by id.")
            .Resolve(c => c.Source.Segments),
        ["risk"] = type => type.Field<NonNullGraphType<RiskGraphType>>("risk")
            .Description("Early warning under the tenant's policy: the level now and the signals that raised it. Risk only routes to advice or a person.")
            .ResolveAsync(async c => await customers.RiskAsync(c.Source)),
        ["contactOptions"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactOptionGraphType>>>>("contactOptions")
            .Description("For every channel, what `requestContact` by the team would answer now, with the sender the customer would see. A read: nothing is booked, `version` does not change, and an ALLOWED answer carries no actionId.")
            .Argument<NonNullGraphType<EnumerationGraphType<Team>>>("team")
            .ResolveAsync(async c => await customers.ContactOptionsAsync(c.Source, c.GetArgument<Team>("team"))),
        ["summary"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("summary")
            .Description("The customer's situation in a few plain sentences (flags first, open amount, holds and why, promises, last contacts, risk signals); it describes and never decides.")
            .Argument<EnumerationGraphType<ExplanationLanguage>>("language", "EN (default) or NL.")
            .ResolveAsync(async c => await customers.SummaryAsync(c.Source, c.GetArgument("language", ExplanationLanguage.EN))),
        ["feedback"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<FeedbackGraphType>>>>("feedback")
            .Description("NPS answers and call outcomes (with the reason for non-payment), each linked to the contact it answers; oldest first.")
            .Resolve(c => c.Source.Feedback),
        ["decisions"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActionGraphType>>>>("decisions")
            .Description("The decision log: every contact planned, sent or withheld, who or what decided it (decidedBy) and why (reasons, policyVersion); newest first. Kept for the policy's privacy.decisionLogRetention; past the newest 200 actions and 200 withheld steps, from the customer's decision archive.")
            .Argument<IntGraphType>("first")
            .ResolveAsync(async c => await customers.DecisionsAsync(c.Source, Math.Clamp(c.GetArgument("first", 100), 0, 10_000))),
    });

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
    public CaseGraphType(JourneyApiOptions options) => CustomerWire.Case.AddTo(this, new Dictionary<string, Action<ObjectGraphType<CaseView>>>
    {
        ["timeline"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TouchpointGraphType>>>>("timeline")
            .Description("The case's own touchpoints and the payments that settled it, newest first.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("before")
            .Resolve(c => Application.TimelinePages.Page(CaseStatus.Timeline(c.Source.Customer, c.Source.Case), c.GetArgument("first", options.DefaultTimelinePage), c.GetArgument<string?>("before"))),
    });
}

public sealed class TouchpointGraphType : ObjectGraphType<Touchpoint>
{
    public TouchpointGraphType() => CustomerWire.Touchpoint.AddTo(this);
}

public sealed class AttributeGraphType : ObjectGraphType<TouchpointAttribute>
{
    public AttributeGraphType() => CustomerWire.Attribute.AddTo(this);
}

public sealed class HoldGraphType : ObjectGraphType<Hold>
{
    public HoldGraphType() => CustomerWire.Hold.AddTo(this);
}

public sealed class ConsentGraphType : ObjectGraphType<ChannelConsent>
{
    public ConsentGraphType() => CustomerWire.Consent.AddTo(this);
}

public sealed class ContactGraphType : ObjectGraphType<ContactEntry>
{
    public ContactGraphType() => CustomerWire.Contact.AddTo(this);
}

public sealed class PromiseGraphType : ObjectGraphType<PromiseToPay>
{
    public PromiseGraphType() => CustomerWire.Promise.AddTo(this);
}

public sealed class PaymentGraphType : ObjectGraphType<PaymentAllocation>
{
    public PaymentGraphType() => CustomerWire.Payment.AddTo(this);
}

public sealed class CreditGraphType : ObjectGraphType<Credit>
{
    public CreditGraphType() => CustomerWire.Credit.AddTo(this);
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
    public ContactDetailsGraphType() => CustomerWire.ContactDetails.AddTo(this);
}

public sealed class PlanGraphType : ObjectGraphType<PlanView>
{
    public PlanGraphType() => CustomerWire.Plan.AddTo(this);
}

public sealed class InstalmentGraphType : ObjectGraphType<InstalmentView>
{
    public InstalmentGraphType() => CustomerWire.Instalment.AddTo(this);
}
