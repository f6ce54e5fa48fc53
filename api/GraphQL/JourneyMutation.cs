using GraphQL;
using GraphQL.Types;
using Journey.Api.Ingest;
using Journey.Grains;

namespace Journey.Api.GraphQL;

public sealed class JourneyMutation : ObjectGraphType
{
    public JourneyMutation(IngestGateway ingest)
    {
        Name = "Mutation";

        Field<TouchpointReceiptGraphType>("recordTouchpoint")
            .Description("Records a touchpoint; answers after its effect is persisted. A repeated eventId answers duplicate: true and changes nothing.")
            .Argument<NonNullGraphType<TouchpointInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<TouchpointInput>("input");
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
