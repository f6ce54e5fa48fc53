using Journey.Abstractions;
using Journey.Abstractions.Worklists;
using Journey.Api.Application.UseCases;
using Journey.Domain;
using V1 = Journey.Api.V1;

namespace Journey.Api.Wire;

/// <summary>What commands and operators' reads answer, as both APIs serve them.</summary>
public static class OperationWire
{
    public static readonly WireType<BusinessClock, V1.Clock> Clock = new WireType<BusinessClock, V1.Clock>("Clock")
        .Time("now", c => c.Now, required: true)
        .Choice("mode", c => c.Mode);

    public static readonly WireType<Abstractions.Policies.PolicyVersion, V1.PolicyVersion> PolicyVersion =
        new WireType<Abstractions.Policies.PolicyVersion, V1.PolicyVersion>("PolicyVersion")
            .Text("tenant", p => p.Tenant, required: true, description: "The tenant whose document this is (default for tenants without their own).")
            .Integer("version", p => p.Version)
            .Text("document", p => p.Document, required: true)
            .Time("setAt", p => p.SetAt, required: true)
            .Text("source", p => p.Source, required: true)
            .ProtoOnly("changed", "gRPC's SetPolicy answers the version itself; GraphQL's setPolicy wraps it with changed (SetPolicyResult)");

    public static readonly WireType<Abstractions.Messages.TemplatesVersion, V1.TemplatesVersion> TemplatesVersion =
        new WireType<Abstractions.Messages.TemplatesVersion, V1.TemplatesVersion>("TemplatesVersion")
            .Text("tenant", t => t.Tenant, required: true, description: "The tenant whose document this is (default for tenants without their own).")
            .Integer("version", t => t.Version)
            .Text("document", t => t.Document, required: true)
            .Time("setAt", t => t.SetAt, required: true)
            .Text("source", t => t.Source, required: true)
            .ProtoOnly("changed", "as PolicyVersion.changed: GraphQL's setTemplates wraps it (SetTemplatesResult)");

    public static readonly WireType<ErasureReceipt, V1.ErasureReceipt> ErasureReceipt = new WireType<ErasureReceipt, V1.ErasureReceipt>("ErasureReceipt",
            "What erasing a customer removed. `erased` is false when there was nothing to erase (never seen, or erased before).")
        .Text("tenant", r => r.Tenant, required: true)
        .Text("customerId", r => r.CustomerId, required: true)
        .Flag("erased", r => r.Erased)
        .Time("erasedAt", r => r.ErasedAt)
        .Integer("touchpoints", r => r.Touchpoints, wide: true)
        .Integer("cases", r => r.Cases)
        .Integer("actions", r => r.Actions)
        .Integer("archivePages", r => r.ArchivePages)
        .Integer("outboxEntries", r => r.OutboxEntries);

    public static readonly WireType<CustomerIdPage, V1.CustomerIdPage> CustomerIdPage = new WireType<CustomerIdPage, V1.CustomerIdPage>("CustomerIdPage")
        .Texts("ids", p => p.Ids, proto: "customer_ids")
        .Text("next", p => p.Next, description: "Pass as after for the next page; null when there are no more.");

    public static readonly WireType<AgentWork, V1.AgentWork> AgentWork = new WireType<AgentWork, V1.AgentWork>("AgentWork")
        .Choice("team", w => w.Team)
        .Text("agent", w => w.Agent, required: true)
        .Integer("taken", w => w.Taken)
        .Integer("completed", w => w.Completed);
}
