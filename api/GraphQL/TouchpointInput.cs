using GraphQL.Types;
using Journey.Domain;

namespace Journey.Api.GraphQL;

public sealed class AttributeInput
{
    public string? Key { get; set; }
    public string? Value { get; set; }
}

public sealed class TouchpointInput
{
    public string? EventId { get; set; }
    public string? Tenant { get; set; }
    public string? CustomerId { get; set; }
    public string? CaseId { get; set; }
    public TouchpointType? Type { get; set; }
    public string? OccurredAt { get; set; }
    public Channel? Channel { get; set; }
    public Team? Team { get; set; }
    public decimal? Amount { get; set; }
    public string? Currency { get; set; }
    public string? DueDate { get; set; }
    public string? ActionId { get; set; }
    public List<AttributeInput>? Attributes { get; set; }

    public RawTouchpoint ToRaw() => new(
        EventId, Tenant, CustomerId, CaseId, RawEnum.Of(Type), OccurredAt, RawEnum.Of(Channel), RawEnum.Of(Team),
        RawAmount.Of(Amount), Currency, DueDate, ActionId,
        Attributes?.Select(a => new KeyValuePair<string?, string?>(a.Key, a.Value)).ToList());
}

public sealed class AttributeInputGraphType : InputObjectGraphType<AttributeInput>
{
    public AttributeInputGraphType()
    {
        Name = "AttributeInput";
        Field(a => a.Key, nullable: false);
        Field(a => a.Value, nullable: false);
    }
}

public sealed class TouchpointInputGraphType : InputObjectGraphType<TouchpointInput>
{
    public TouchpointInputGraphType()
    {
        Name = "TouchpointInput";
        Description = "A touchpoint pushed by a backend. Times are ISO-8601 with an offset; dates are yyyy-MM-dd.";
        Field(t => t.EventId, nullable: false).Description("Unique per customer; a repeat has no second effect.");
        Field(t => t.Tenant, nullable: false);
        Field(t => t.CustomerId, nullable: false);
        Field(t => t.CaseId, nullable: true).Description("Required on INVOICE_ISSUED, CREDIT_NOTE_ISSUED and CASE_WRITTEN_OFF.");
        Field<NonNullGraphType<EnumerationGraphType<TouchpointType>>>("type");
        Field(t => t.OccurredAt, nullable: false).Description("ISO-8601 with an offset, e.g. 2026-03-01T09:30:00+01:00.");
        Field<EnumerationGraphType<Channel>>("channel");
        Field<EnumerationGraphType<Team>>("team");
        Field<DecimalGraphType>("amount").Description("Never negative.");
        Field(t => t.Currency, nullable: true).Description("ISO 4217; required with an amount.");
        Field(t => t.DueDate, nullable: true).Description("yyyy-MM-dd; required on INVOICE_ISSUED, the promised date on PROMISE_TO_PAY.");
        Field(t => t.ActionId, nullable: true).Description("On MESSAGE_* and CALL_COMPLETED touchpoints that report on an action.");
        Field<ListGraphType<NonNullGraphType<AttributeInputGraphType>>>("attributes");
    }
}
