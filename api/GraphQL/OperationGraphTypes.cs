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
    public ClockGraphType() => Wire.OperationWire.Clock.AddTo(this);
}

public sealed class PolicyVersionGraphType : ObjectGraphType<Journey.Abstractions.Policies.PolicyVersion>
{
    public PolicyVersionGraphType() => Wire.OperationWire.PolicyVersion.AddTo(this);
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
    public ErasureReceiptGraphType() => Wire.OperationWire.ErasureReceipt.AddTo(this);
}

public sealed class TemplatesVersionGraphType : ObjectGraphType<Journey.Abstractions.Messages.TemplatesVersion>
{
    public TemplatesVersionGraphType() => Wire.OperationWire.TemplatesVersion.AddTo(this);
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
    public CustomerIdPageGraphType() => Wire.OperationWire.CustomerIdPage.AddTo(this);
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
    public AgentWorkGraphType() => Wire.OperationWire.AgentWork.AddTo(this);
}
