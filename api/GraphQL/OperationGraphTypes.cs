using GraphQL;
using GraphQL.Types;
using Journey.Api.Reading;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using Journey.Abstractions;

namespace Journey.Api.GraphQL;

// How these types are written: see the note at the top of CustomerGraphTypes.cs.

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

public sealed class PolicyVersionGraphType : ObjectGraphType<Journey.Abstractions.Policies.PolicyVersion>
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

public sealed class SetPolicyResultGraphType : ObjectGraphType<Journey.Abstractions.Policies.SetPolicyResult>
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

public sealed class TemplatesVersionGraphType : ObjectGraphType<Journey.Abstractions.Messages.TemplatesVersion>
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

public sealed class SetTemplatesResultGraphType : ObjectGraphType<Journey.Abstractions.Messages.SetTemplatesResult>
{
    public SetTemplatesResultGraphType()
    {
        Name = "SetTemplatesResult";
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Current!.Version);
        Field<NonNullGraphType<BooleanGraphType>>("changed").Description("False when the document equals the version in force.").Resolve(c => c.Source.Changed);
        Field<NonNullGraphType<TemplatesVersionGraphType>>("templates").Resolve(c => c.Source.Current);
    }
}

public sealed class CustomerIdPageGraphType : ObjectGraphType<Application.UseCases.CustomerIdPage>
{
    public CustomerIdPageGraphType()
    {
        Name = "CustomerIdPage";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("ids").Resolve(c => c.Source.Ids);
        Field<StringGraphType>("next").Description("Pass as after for the next page; null when there are no more.").Resolve(c => c.Source.Next);
    }
}

public sealed class AuditLineGraphType : ObjectGraphType<Journey.Abstractions.Audit.AuditEntry>
{
    public AuditLineGraphType()
    {
        Name = "AuditLine";
        Field<NonNullGraphType<StringGraphType>>("at").Description("When it was done (the wall clock, not the business clock).").Resolve(c => IsoTime.Format(c.Source.At));
        Field<NonNullGraphType<StringGraphType>>("actor").Description("The token's subject; `(authentication off)` without authentication; `policy folder (…)` for a file the silo read.").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<StringGraphType>>("action").Description("POLICY_CHANGED, TEMPLATES_CHANGED, CUSTOMER_EXPORTED, CUSTOMER_ERASED, CLOCK_MOVED, WORKLIST_ITEM_TAKEN or WORKLIST_ITEM_COMPLETED.").Resolve(c => c.Source.Action);
        Field<NonNullGraphType<StringGraphType>>("subject").Description("What it was done to.").Resolve(c => c.Source.Subject);
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as `after` for the lines before this one.").Resolve(c => c.Source.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class AgentWorkGraphType : ObjectGraphType<AgentWork>
{
    public AgentWorkGraphType()
    {
        Name = "AgentWork";
        Field<NonNullGraphType<EnumerationGraphType<Team>>>("team").Resolve(c => c.Source.Team);
        Field<NonNullGraphType<StringGraphType>>("agent").Resolve(c => c.Source.Agent);
        Field<NonNullGraphType<IntGraphType>>("taken").Resolve(c => (int)c.Source.Taken);
        Field<NonNullGraphType<IntGraphType>>("completed").Resolve(c => (int)c.Source.Completed);
    }
}
