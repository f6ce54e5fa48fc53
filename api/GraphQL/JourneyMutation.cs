using Journey.Api.Application;
using GraphQL;
using GraphQL.Types;
using Journey.Api.Ingest;
using Journey.Api.Security;
using Journey.Domain;
using Journey.Grains;
using Journey.Grains.Policies;
using Journey.Grains.Scheduling;

namespace Journey.Api.GraphQL;

public sealed class JourneyMutation : ObjectGraphType
{
    public JourneyMutation(IngestGateway ingest, IGrainFactory grains, Application.JourneyClockCommands clockCommands, TenantAccess access, Reading.PolicyPreviewService previews)
    {
        Name = "Mutation";

        Field<SetPolicyResultGraphType>("setPolicy")
            .Description("Sets a tenant's policy document (YAML). Invalid: errors with code POLICY_INVALID, line and path; the version in force stays.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("document")
            .ResolveAsync(async context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.AdministerPolicy);
                if (!TouchpointParser.IsValidTenant(tenant))
                {
                    GraphErrors.AddInvalidArgument(context, "tenant", [new FieldError("", "is not a valid tenant")]);
                    return null;
                }

                var result = await grains.GetGrain<ITenantPolicyGrain>(tenant).Set(context.GetArgument<string>("document"), "api");
                if (!result.Accepted)
                {
                    GraphErrors.AddPolicyInvalid(context, result.Errors);
                    return null;
                }

                return result;
            });

        Field<PolicyPreviewGraphType>("previewPolicy")
            .Description("Replays the tenant's recorded touchpoints (archive included) from `from` to `to` under the current policy and under the draft `document`, side by side, without touching live state or emitting anything. Runs in the background: poll policyPreview(tenant, id); cancel with cancelPolicyPreview. `sample`: a fraction of customers (0–1], chosen by hash; all when absent.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("document")
            .Argument<NonNullGraphType<StringGraphType>>("from")
            .Argument<NonNullGraphType<StringGraphType>>("to")
            .Argument<FloatGraphType>("sample")
            .ResolveAsync(async context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.AdministerPolicy);
                var started = await previews.StartAsync(tenant, context.GetArgument<string>("document"), context.GetArgument<string>("from"), context.GetArgument<string>("to"), context.GetArgument<double?>("sample"));
                if (started.Errors.Count > 0)
                {
                    GraphErrors.AddInvalidArgument(context, "", started.Errors);
                }

                if (started.PolicyErrors.Count > 0)
                {
                    GraphErrors.AddPolicyInvalid(context, started.PolicyErrors);
                }

                return started.Report;
            });

        Field<PolicyPreviewGraphType>("cancelPolicyPreview")
            .Description("Stops a running preview; what it found so far stays readable. Null for an unknown id.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.AdministerPolicy);
                return await previews.CancelAsync(tenant, context.GetArgument<string>("id"));
            });

        Field<NonNullGraphType<ContactDecisionGraphType>>("requestContact")
            .Description("May this team contact the customer now, on this channel? ALLOWED books the contact against the one budget.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("customerId")
            .Argument<NonNullGraphType<EnumerationGraphType<Team>>>("team")
            .Argument<NonNullGraphType<EnumerationGraphType<Channel>>>("channel")
            .Argument<NonNullGraphType<StringGraphType>>("purpose")
            .ResolveAsync(async context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.Contact);
                var customerId = context.GetArgument<string>("customerId");
                if (GraphErrors.InvalidKey(context, "customerId"))
                {
                    return null;
                }

                return await grains.Customer(tenant, customerId)
                    .RequestContact(context.GetArgument<Team>("team"), context.GetArgument<Channel>("channel"), context.GetArgument<string>("purpose"));
            });

        Field<NonNullGraphType<ErasureReceiptGraphType>>("eraseCustomer")
            .Description("Erases a customer: state, dedupe records, archived timeline, case links and its entries in the action outbox. Afterwards the customer reads as never seen; a late touchpoint is refused or starts a new record, as the tenant's policy says (privacy.afterErasure). Idempotent. Role: privacy.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.Privacy);
                return GraphErrors.InvalidKey(context) ? null : await grains.Customer(tenant, context.GetArgument<string>("id")).Erase();
            });

        Field<NonNullGraphType<ClockGraphType>>("advanceClock")
            .Description("Simulated clock only: fires every step due up to `to`, in time order, and returns when they are done.")
            .Argument<NonNullGraphType<StringGraphType>>("to")
            .ResolveAsync(async context =>
            {
                access.Demand(context, null, Permission.Operate);
                try
                {
                    return await clockCommands.AdvanceAsync(context.GetArgument<string>("to"), context.CancellationToken);
                }
                catch (InvalidFieldException invalid)
                {
                    GraphErrors.AddInvalidArgument(context, "", [invalid.Error]);
                    return null;
                }
                catch (ClockNotSimulatedException notSimulated)
                {
                    throw new ExecutionError(notSimulated.Message) { Code = "FAILED_PRECONDITION" };
                }
            });

        Field<TouchpointReceiptGraphType>("recordTouchpoint")
            .Description("Records a touchpoint; answers after its effect is persisted. A repeated eventId answers duplicate: true and changes nothing.")
            .Argument<NonNullGraphType<TouchpointInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<TouchpointInput>("input");
                access.Demand(context, input.Tenant, Permission.Ingest);
                var parsed = ingest.Parse(input.ToRaw());
                if (parsed.Touchpoint is not { } touchpoint)
                {
                    GraphErrors.AddInvalidArgument(context, "input", parsed.Errors);
                    return null;
                }

                IngestOutcome outcome;
                try
                {
                    outcome = await ingest.IngestAsync(touchpoint);
                }
                catch (Exception exception)
                {
                    throw GraphErrors.Unavailable(exception);
                }

                if (outcome.Status == IngestStatus.Rejected)
                {
                    GraphErrors.AddInvalidArgument(context, "input", outcome.Errors);
                    return null;
                }

                return outcome;
            });
    }
}
