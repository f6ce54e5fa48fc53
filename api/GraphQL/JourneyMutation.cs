using Journey.Api.Application;
using Journey.Api.Application.UseCases;
using GraphQL;
using GraphQL.Types;
using Journey.Domain;

namespace Journey.Api.GraphQL;

/// <summary>The mutations, each mapped onto the application layer.</summary>
public sealed class JourneyMutation : ObjectGraphType
{
    public JourneyMutation(UseCasePipeline pipeline, IngestTouchpoints ingest)
    {
        Name = "Mutation";

        Field<SetPolicyResultGraphType>("setPolicy")
            .Description("Sets a tenant's policy document (YAML). Invalid: errors with code POLICY_INVALID, line and path; the version in force stays.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("document")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new SetPolicy(context.GetArgument<string>("tenant"), context.GetArgument<string>("document")))));

        Field<SetTemplatesResultGraphType>("setTemplates")
            .Description("Sets a tenant's message templates (YAML with Liquid; docs/messages.md). Invalid: errors with code TEMPLATE_INVALID, line and path; the version in force stays.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("document")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new SetTemplates(context.GetArgument<string>("tenant"), context.GetArgument<string>("document")))));

        Field<PolicyPreviewGraphType>("previewPolicy")
            .Description("Replays the tenant's recorded touchpoints (archive included) from `from` to `to` under the current policy and under the draft `document`, side by side, without touching live state or emitting anything. Runs in the background: poll policyPreview(tenant, id); cancel with cancelPolicyPreview. `sample`: a fraction of customers (0–1], chosen by hash; all when absent.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("document")
            .Argument<NonNullGraphType<StringGraphType>>("from")
            .Argument<NonNullGraphType<StringGraphType>>("to")
            .Argument<FloatGraphType>("sample")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new StartPolicyPreview(
                context.GetArgument<string>("tenant"), context.GetArgument<string>("document"), context.GetArgument<string>("from"), context.GetArgument<string>("to"), context.GetArgument<double?>("sample")))));

        Field<PolicyPreviewGraphType>("cancelPolicyPreview")
            .Description("Stops a running preview; what it found so far stays readable. Null for an unknown id.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new CancelPolicyPreview(context.GetArgument<string>("tenant"), context.GetArgument<string>("id")))));

        Field<NonNullGraphType<ContactDecisionGraphType>>("requestContact")
            .Description("May this team contact the customer now, on this channel? ALLOWED books the contact against the one budget.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("customerId")
            .Argument<NonNullGraphType<EnumerationGraphType<Team>>>("team")
            .Argument<NonNullGraphType<EnumerationGraphType<Channel>>>("channel")
            .Argument<NonNullGraphType<StringGraphType>>("purpose")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new RequestContact(
                context.GetArgument<string>("tenant"), context.GetArgument<string>("customerId"),
                context.GetArgument<Team>("team"), context.GetArgument<Channel>("channel"), context.GetArgument<string>("purpose")))));

        Field<NonNullGraphType<WorklistTakeGraphType>>("takeWorklistItem")
            .Description("Leases a worklist item to the agent for a while (the token's subject; `agent` when authentication is off). `taken` is false, with the holder's lease, when someone else holds it. Role: agent.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("itemId")
            .Argument<StringGraphType>("agent")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new TakeWorklistItem(
                context.GetArgument<string>("tenant"), context.GetArgument<string>("itemId"), context.GetArgument<string?>("agent")))));

        Field<NonNullGraphType<BooleanGraphType>>("completeWorklistItem")
            .Description("The agent is done with the item: its lease ends and it leaves the list. False for an item on no list. Role: agent.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("itemId")
            .Argument<StringGraphType>("agent")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new CompleteWorklistItem(
                context.GetArgument<string>("tenant"), context.GetArgument<string>("itemId"), context.GetArgument<string?>("agent")))));

        Field<NonNullGraphType<ErasureReceiptGraphType>>("eraseCustomer")
            .Description("Erases a customer: state, dedupe records, archived timeline, case links and its entries in the action outbox. Afterwards the customer reads as never seen; a late touchpoint is refused or starts a new record, as the tenant's policy says (privacy.afterErasure). Idempotent. Role: privacy.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new EraseCustomer(context.GetArgument<string>("tenant"), context.GetArgument<string>("id"), "id"))));

        Field<NonNullGraphType<ClockGraphType>>("advanceClock")
            .Description("Simulated clock only: fires every step due up to `to`, in time order, and returns when they are done.")
            .Argument<NonNullGraphType<StringGraphType>>("to")
            .ResolveAsync(context => context.Answer(() => pipeline.SendAsync(context.User, new AdvanceClock(context.GetArgument<string>("to")), context.CancellationToken)));

        Field<TouchpointReceiptGraphType>("recordTouchpoint")
            .Description("Records a touchpoint; answers after its effect is persisted. A repeated eventId answers duplicate: true and changes nothing.")
            .Argument<NonNullGraphType<TouchpointInputGraphType>>("input")
            .ResolveAsync(context => context.Answer(async () =>
            {
                try
                {
                    return await ingest.RecordAsync(context.User, context.GetArgument<TouchpointInput>("input").ToRaw());
                }
                catch (Exception exception) when (exception is not RefusedException)
                {
                    throw GraphErrors.Unavailable(exception);
                }
            }, argument: "input"));
    }
}
