using GraphQL;
using GraphQL.Types;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Grains;
using Journey.Grains.Policies;

namespace Journey.Api.GraphQL;

public sealed class JourneyQuery : ObjectGraphType
{
    public JourneyQuery(JourneyReader reader, BusinessClock clock, IGrainFactory grains, TenantAccess access, PolicyPreviewService previews)
    {
        Name = "Query";

        Field<CustomerGraphType>("customer")
            .Description("A customer's live journey; null for an id never seen.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async context =>
            {
                access.Demand(context, context.GetArgument<string>("tenant"), Permission.Read);
                return GraphErrors.InvalidKey(context) ? null : await reader.GetCustomerAsync(context.GetArgument<string>("tenant"), context.GetArgument<string>("id"));
            });

        Field<CaseGraphType>("case")
            .Description("A case (receivable); null for an id never seen.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async context =>
            {
                access.Demand(context, context.GetArgument<string>("tenant"), Permission.Read);
                return GraphErrors.InvalidKey(context) ? null : await reader.GetCaseAsync(context.GetArgument<string>("tenant"), context.GetArgument<string>("id"));
            });

        Field<StringGraphType>("exportCustomer")
            .Description("Everything held about a customer, as one JSON document (GDPR access): state, the whole timeline, cases, holds, contacts, actions with their reasons. Null for an id never seen or erased. Role: privacy.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.Privacy);
                if (GraphErrors.InvalidKey(context))
                {
                    return null;
                }

                var export = await grains.Customer(tenant, context.GetArgument<string>("id")).Export();
                return export is null ? null : CustomerExportDocument.Write(export, clock.Now);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentCountGraphType>>>>("segmentCounts")
            .Description("Members per policy segment of a tenant (kept as memberships change; no scan).")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .ResolveAsync(async context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.Read);
                return await reader.SegmentCountsAsync(tenant);
            });

        Field<NonNullGraphType<SegmentPageGraphType>>("segmentMembers")
            .Description("A page of a segment's members by customer id, with the segment's count. `after`: the last id of the previous page.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("segment")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .ResolveAsync(async context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.Read);
                return await reader.SegmentMembersAsync(tenant, context.GetArgument<string>("segment"), context.GetArgument("first", 100), context.GetArgument<string?>("after"));
            });

        Field<NonNullGraphType<TenantStatisticsGraphType>>("statistics")
            .Description("The tenant's statistics: payment rate and time to pay per action kind, channel and ladder step; NPS per team, step and channel; reasons for non-payment and call outcomes. Kept as facts arrive (no scan).")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .ResolveAsync(async context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.Read);
                return await reader.StatisticsAsync(tenant);
            });

        Field<PolicyPreviewGraphType>("policyPreview")
            .Description("A policy preview's progress and answer (see previewPolicy). Null for an unknown id.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.Read);
                return await previews.ReportAsync(tenant, context.GetArgument<string>("id"));
            });

        Field<ExperimentResultsGraphType>("experimentResults")
            .Description("Per-variant outcomes of one of the tenant's experiments (policy `experiments`): cases assigned, paid within the period with a 95 % interval, mean days to pay, contacts per case. Stop it and promote a variant with setPolicy (status: STOPPED, promote). Null for an unknown experiment.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("experiment")
            .ResolveAsync(async context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.Read);
                return await reader.ExperimentResultsAsync(tenant, context.GetArgument<string>("experiment"));
            });

        Field<PolicyVersionGraphType>("policy")
            .Description("The policy in force for a tenant: its own latest version, else the default tenant's.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .ResolveAsync(async context =>
            {
                access.Demand(context, context.GetArgument<string>("tenant"), Permission.Read);
                return await grains.GetGrain<ITenantPolicyGrain>(context.GetArgument<string>("tenant")).GetEffective();
            });

        Field<NonNullGraphType<ClockGraphType>>("clock")
            .Description("The business clock every decision uses.")
            .Resolve(context =>
            {
                access.Demand(context, null, Permission.Read);
                return clock;
            });
    }
}
