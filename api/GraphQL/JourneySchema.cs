using GraphQL.Types;

namespace Journey.Api.GraphQL;

public sealed class JourneySchema : Schema
{
    public JourneySchema(IServiceProvider services, JourneyQuery query, JourneyMutation mutation, JourneySubscription subscription)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
    }
}
