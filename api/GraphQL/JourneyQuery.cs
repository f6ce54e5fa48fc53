using GraphQL;
using GraphQL.Types;
using Journey.Api.Application;
using Journey.Api.Application.UseCases;
using Journey.Domain;

namespace Journey.Api.GraphQL;

/// <summary>The queries, each mapped onto the application layer.</summary>
public sealed class JourneyQuery : ObjectGraphType
{
    public JourneyQuery(UseCasePipeline pipeline)
    {
        Name = "Query";

        Field<CustomerIdPageGraphType>("customerIds")
            .Description("The tenant's customer ids, a page at a time (for batch work that visits every customer, such as reconciliation); pass the page's next as after.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<IntGraphType>("first", "At most this many (default 1000, at most 5000).")
            .Argument<StringGraphType>("after")
            .ResolveAsync(context => context.Answer(() =>
                pipeline.SendAsync(context.User, new ListCustomerIds(context.GetArgument<string>("tenant"), context.GetArgument("first", 0), context.GetArgument<string?>("after")))));

        Field<TemplatesVersionGraphType>("templates")
            .Description("The message templates in force for a tenant: its own latest version, else the default tenant's (docs/messages.md).")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetTemplates(context.GetArgument<string>("tenant")))));

        Field<OutgoingMessageGraphType>("message")
            .Description("The message an action of the customer becomes, rendered now: exactly what connectors send (a preview sends nothing). Null for an unknown customer or action.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("customerId")
            .Argument<NonNullGraphType<StringGraphType>>("actionId")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new RenderMessage(context.GetArgument<string>("tenant"), context.GetArgument<string>("customerId"), context.GetArgument<string>("actionId")))));

        Field<CustomerGraphType>("customer")
            .Description("A customer's live journey; null for an id never seen.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetCustomer(context.GetArgument<string>("tenant"), context.GetArgument<string>("id"), "id"))));

        Field<CaseGraphType>("case")
            .Description("A case (receivable); null for an id never seen.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetCase(context.GetArgument<string>("tenant"), context.GetArgument<string>("id"), "id"))));

        Field<StringGraphType>("exportCustomer")
            .Description("Everything held about a customer, as one JSON document (GDPR access): state, the whole timeline, cases, holds, contacts, actions with their reasons. Null for an id never seen or erased. Role: privacy.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new ExportCustomer(context.GetArgument<string>("tenant"), context.GetArgument<string>("id"), "id"))));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentCountGraphType>>>>("segmentCounts")
            .Description("Members per policy segment of a tenant (kept as memberships change; no scan).")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetSegmentCounts(context.GetArgument<string>("tenant")))));

        Field<NonNullGraphType<WorklistPageGraphType>>("worklist")
            .Description("A page of the team's worklist in priority order: broken promises, call tasks, promises due (collection); holds waiting (service); high risk (billing, sales). Kept by shards fed from the customers' effects; `after`: the itemId of the last item of the previous page.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<EnumerationGraphType<Team>>>("team")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetWorklist(
                context.GetArgument<string>("tenant"), context.GetArgument<Team>("team"), context.GetArgument<int?>("first"), context.GetArgument<string?>("after")))));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AgentWorkGraphType>>>>("worklistWork")
            .Description("Collector productivity: worklist items each agent took (a new lease, not a renewal) and completed, per team (the item's team), most completed first. Kept by the worklist shards.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetWorklistWork(context.GetArgument<string>("tenant")))));

        Field<NonNullGraphType<SegmentPageGraphType>>("segmentMembers")
            .Description("A page of a segment's members by customer id, with the segment's count. `after`: the last id of the previous page.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("segment")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetSegmentMembers(
                context.GetArgument<string>("tenant"), context.GetArgument<string>("segment"), context.GetArgument("first", 100), context.GetArgument<string?>("after")))));

        Field<NonNullGraphType<TenantStatisticsGraphType>>("statistics")
            .Description("The tenant's statistics: payment rate and time to pay per action kind, channel and ladder step; NPS per team, step and channel; reasons for non-payment and call outcomes. Kept as facts arrive (no scan).")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetStatistics(context.GetArgument<string>("tenant")))));

        Field<ReceivablesGraphType>("receivables")
            .Description("The tenant's receivables today, in its time zone: ageing, DSO, promises kept, the cash forecast. Kept by the statistics shards from the customers' effects (no customer is read). `segment`: a segment id of the tenant's policy (its members at their last decision); none: every customer.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<StringGraphType>("segment")
            .Argument<EnumerationGraphType<DebtorType>>("debtorType")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetReceivables(
                context.GetArgument<string>("tenant"), context.GetArgument<string?>("segment"), context.GetArgument<DebtorType?>("debtorType")))));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditLineGraphType>>>>("auditTrail")
            .Description("Who changed the tenant's policy or templates, exported or erased a customer, took or completed a worklist item; newest first. Role `auditor`. `after`: the last line's cursor of the previous page. Tenant `*`: what concerns every tenant (the business clock), for a token granting all tenants. A line that named an erased customer stays, without the customer's id.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .ResolveAsync(context => context.Answer(async () => (await pipeline.SendAsync(context.User, new GetAuditTrail(
                context.GetArgument<string>("tenant"), context.GetArgument<int?>("first"), context.GetArgument<string?>("after")))).Lines));

        Field<PolicyPreviewGraphType>("policyPreview")
            .Description("A policy preview's progress and answer (see previewPolicy). Null for an unknown id.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetPolicyPreview(context.GetArgument<string>("tenant"), context.GetArgument<string>("id")))));

        Field<ExperimentResultsGraphType>("experimentResults")
            .Description("Per-variant outcomes of one of the tenant's experiments (policy `experiments`): cases assigned, paid within the period with a 95 % interval, mean days to pay, contacts per case. Stop it and promote a variant with setPolicy (status: STOPPED, promote). Null for an unknown experiment.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("experiment")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetExperimentResults(context.GetArgument<string>("tenant"), context.GetArgument<string>("experiment")))));

        Field<PolicyVersionGraphType>("policy")
            .Description("The policy in force for a tenant: its own latest version, else the default tenant's.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetPolicy(context.GetArgument<string>("tenant")))));

        Field<NonNullGraphType<ClockGraphType>>("clock")
            .Description("The business clock every decision uses.")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new GetClock())));
    }
}
