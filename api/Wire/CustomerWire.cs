using Journey.Api.GraphQL;
using Journey.Api.Reading;
using Journey.Domain;
using Journey.Domain.Rules;
using V1 = Journey.Api.V1;

namespace Journey.Api.Wire;

/// <summary>A customer, its cases and what they hold, as both APIs serve them.</summary>
public static class CustomerWire
{
    public static readonly WireType<TouchpointAttribute, V1.Attribute> Attribute = new WireType<TouchpointAttribute, V1.Attribute>("Attribute")
        .Text("key", a => a.Key, required: true)
        .Text("value", a => a.Value, required: true);

    public static readonly WireType<Touchpoint, V1.TimelineEntry> Touchpoint = new WireType<Touchpoint, V1.TimelineEntry>("Touchpoint")
        .Text("eventId", t => t.EventId, required: true)
        .Choice("type", t => t.Type)
        .Time("occurredAt", t => t.OccurredAt, required: true)
        .Time("receivedAt", t => t.ReceivedAt, description: "When the engine took it in (business clock); replays run it at this moment.")
        .Text("caseId", t => t.CaseId)
        .Choice("channel", t => t.Channel)
        .Choice("team", t => t.Team)
        .Money("amount", t => t.Amount)
        .Text("currency", t => t.Currency)
        .Day("dueDate", t => t.DueDate)
        .Text("actionId", t => t.ActionId)
        .Many<AttributeGraphType, TouchpointAttribute, V1.Attribute>("attributes", t => t.Attributes, () => Attribute);

    public static readonly WireType<Hold, V1.Hold> Hold = new WireType<Hold, V1.Hold>("Hold")
        .Text("holdId", h => h.HoldId, required: true, description: "The eventId of the touchpoint that opened it.")
        .Choice("kind", h => h.Kind)
        .Text("reason", h => h.Reason, required: true)
        .Text("caseId", h => h.CaseId, description: "Null when the hold covers every case of the customer.")
        .Time("openedAt", h => h.OpenedAt, required: true);

    public static readonly WireType<ChannelConsent, V1.Consent> Consent = new WireType<ChannelConsent, V1.Consent>("Consent")
        .Choice("channel", c => c.Channel)
        .Flag("granted", c => c.Granted)
        .Time("changedAt", c => c.ChangedAt, required: true);

    public static readonly WireType<ContactEntry, V1.Contact> Contact = new WireType<ContactEntry, V1.Contact>("Contact")
        .Text("eventId", c => c.EventId, required: true)
        .Time("at", c => c.At, required: true)
        .Choice("type", c => c.Type)
        .Choice("team", c => c.Team)
        .Choice("channel", c => c.Channel)
        .Text("actionId", c => c.ActionId)
        .Text("outcome", c => c.Outcome)
        .Choice("kind", c => c.Kind, description: "The action's kind when the engine dispatched it or a team booked it; null for a contact a team reported itself.")
        .Text("decidedBy", c => c.DecidedBy(), description: "Who decided the contact, as an action's decidedBy: rules, or team:SERVICE; null when no team was named.");

    public static readonly WireType<PromiseToPay, V1.Promise> Promise = new WireType<PromiseToPay, V1.Promise>("Promise")
        .Text("eventId", p => p.EventId, required: true)
        .Text("caseId", p => p.CaseId)
        .Money("amount", p => p.Amount)
        .Text("currency", p => p.Currency)
        .Day("promisedFor", p => p.PromisedFor, required: true)
        .Time("madeAt", p => p.MadeAt, required: true);

    public static readonly WireType<PaymentAllocation, V1.Payment> Payment = new WireType<PaymentAllocation, V1.Payment>("Payment")
        .Text("eventId", p => p.PaymentEventId, required: true)
        .Money("amount", p => p.Amount, required: true)
        .Time("receivedAt", p => p.ReceivedAt, required: true);

    public static readonly WireType<Credit, V1.Credit> Credit = new WireType<Credit, V1.Credit>("Credit")
        .Text("paymentEventId", c => c.PaymentEventId, required: true)
        .Text("caseId", c => c.CaseId, description: "The case the payment named, when its invoice has not arrived yet.")
        .Money("amount", c => c.Amount, required: true)
        .Text("currency", c => c.Currency, required: true)
        .Time("receivedAt", c => c.ReceivedAt, required: true);

    public static readonly WireType<ContactDetails, V1.ContactDetails> ContactDetails = new WireType<ContactDetails, V1.ContactDetails>("ContactDetails")
        .Text("name", c => c.Name)
        .Text("email", c => c.Email)
        .Text("phone", c => c.Phone, description: "E.164.")
        .Texts("addressLines", c => c.AddressLines)
        .Text("postalCode", c => c.PostalCode)
        .Text("city", c => c.City)
        .Text("country", c => c.Country, description: "ISO 3166-1 alpha-2.")
        .Text("language", c => c.Language, description: "nl or en.");

    public static readonly WireType<InstalmentView, V1.Instalment> Instalment = new WireType<InstalmentView, V1.Instalment>("Instalment")
        .Day("dueDate", i => i.DueDate, required: true)
        .Money("amount", i => i.Amount, required: true)
        .Choice("status", i => i.Status);

    public static readonly WireType<PlanView, V1.Plan> Plan = new WireType<PlanView, V1.Plan>("Plan",
            "A payment arrangement's instalments: payments since it was agreed cover them in order; one unpaid after its grace period (policy plans.graceDays) breaks the plan and the ladder resumes.")
        .Choice("state", p => p.State)
        .Money("remaining", p => p.Remaining, required: true, description: "What the case still owes.")
        .Many<InstalmentGraphType, InstalmentView, V1.Instalment>("instalments", p => p.Instalments, () => Instalment);

    public static readonly WireType<CaseView, V1.Case> Case = new WireType<CaseView, V1.Case>("Case")
        .Text("id", c => c.Case.CaseId, required: true, proto: "case_id")
        .Text("tenant", c => c.Customer.Tenant, required: true)
        .Text("customerId", c => c.Customer.CustomerId, required: true)
        .Choice("stage", c => c.Stage)
        .One<PlanGraphType, PlanView, V1.Plan>("plan", c => c.Plan, () => Plan,
            description: "The instalment plan of the arrangement in force, as of today; null without an arrangement that names an amount per instalment and a first date.")
        .Text("currency", c => c.Case.Currency, required: true)
        .Money("amountInvoiced", c => c.Case.AmountInvoiced, required: true)
        .Money("amountCredited", c => c.Case.AmountCredited, required: true)
        .Money("amountPaid", c => c.Case.AmountPaid, required: true)
        .Money("amountDue", c => c.Case.AmountDue, required: true, description: "Never negative.")
        .Money("overpaid", c => c.Case.Overpaid, required: true)
        .Day("dueDate", c => c.Case.DueDate, required: true)
        .Time("overdueFrom", c => c.OverdueFrom, required: true, description: "00:00 tenant time on the day after the due date.")
        .Choice("debtorType", c => c.Case.DebtorType)
        .Flag("onHold", c => c.OnHold)
        .Text("holdReason", c => c.Hold?.Reason, description: "The reason of the earliest open hold covering the case.")
        .Time("openedAt", c => c.Case.OpenedAt, required: true)
        .Time("writtenOffAt", c => c.Case.WrittenOffAt)
        .Many<PaymentGraphType, PaymentAllocation, V1.Payment>("payments", c => c.Case.Payments, () => Payment)
        .One<ActionGraphType, OutboundAction, V1.Action>("nextStep", c => c.NextStep, () => ActionWire.Action,
            description: "The planned next dunning step; null while on hold or when the ladder is done.")
        .Many<PromiseGraphType, PromiseToPay, V1.Promise>("promises", c => c.Customer.Promises.Where(p => p.CaseId == c.Case.CaseId), () => Promise)
        .Separately("timeline", "timeline", "GraphQL pages it (first, before); gRPC's GetCase sends it whole and its Customer leaves it out");

    public static readonly WireType<CustomerState, V1.Customer> Customer = new WireType<CustomerState, V1.Customer>("Customer")
        .Text("tenant", c => c.Tenant, required: true)
        .Text("id", c => c.CustomerId, required: true, proto: "customer_id")
        .Integer("version", c => c.Version, description: "Rises by one with every persisted change to anything this type returns.")
        .Integer("timelineCount", c => c.TimelineCount, description: "Every touchpoint ever recorded, including those moved to the archive.")
        .Separately("timeline", "timeline", "GraphQL pages it (first, before); gRPC takes the request's timeline_limit")
        .Separately("cases", "cases", "each case's stage and next step are worked out by the read model, in GraphQL when the field is asked for")
        .Separately("actions", "actions", "GraphQL pages and filters them (first, after, status)")
        .Separately("suppressed", "suppressed", "GraphQL pages them (first, after)")
        .Many<HoldGraphType, Hold, V1.Hold>("holds", c => c.Holds, () => Hold)
        .GraphQLOnly("segments", "segment memberships for front-ends; not served over gRPC")
        .GraphQLOnly("risk", "the early-warning reading for agents' screens; not served over gRPC")
        .GraphQLOnly("contactOptions", "every channel's requestContact answer for a team, for an agent's screen")
        .GraphQLOnly("summary", "the situation in plain sentences for an agent's screen (the desk); backends read the state itself")
        .Choices("flags", c => c.Flags)
        .Many<ConsentGraphType, ChannelConsent, V1.Consent>("consents", c => c.Consents, () => Consent)
        .One<ContactDetailsGraphType, ContactDetails, V1.ContactDetails>("contact", c => c.Contact, () => ContactDetails,
            description: "How to reach the customer and in which language (CONTACT_DETAILS_CHANGED); null until given.")
        .Many<ContactGraphType, ContactEntry, V1.Contact>("contacts", c => c.Contacts, () => Contact, description: "Outbound contacts by every team, newest first.")
        .GraphQLOnly("feedback", "NPS scores and non-payment reasons for front-ends; not served over gRPC (no backend reads them back)")
        .GraphQLOnly("decisions", "the decision log with the archive, for the agent's explanation screen; gRPC readers have actions and suppressed steps with their reasons")
        .Many<PromiseGraphType, PromiseToPay, V1.Promise>("promises", c => c.Promises, () => Promise)
        .Many<CreditGraphType, Credit, V1.Credit>("credits", c => c.Credits, () => Credit,
            description: "Money received that no case has absorbed: a surplus, or a payment ahead of its invoice.", proto: "credits_by_payment")
        .ProtoOnly("credits", "deprecated: gRPC's credits were the sums per currency; the list per payment came as a new field (credits_by_payment)");
}
