using GraphQL.Types;

namespace Journey.Api.GraphQL;

public sealed class JourneySchema : Schema
{
    public JourneySchema(IServiceProvider services, JourneyQuery query, JourneyMutation mutation)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
    }
}
