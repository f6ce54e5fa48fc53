using System.Collections.Immutable;
using GraphQL;
using GraphQL.Types;
using Journey.Api.Application;
using Journey.Api.Security;
using Journey.Domain;
using Journey.Domain.Rules;
using Journey.Grains.Outbox;

namespace Journey.Api.GraphQL;

public sealed class JourneySubscription : ObjectGraphType
{
    public JourneySubscription(JourneyFeeds feeds, TenantAccess access)
    {
        Name = "Subscription";

        Field<NonNullGraphType<CustomerChangeGraphType>>("customerChanged")
            .Description("The customer's state now, then after every persisted change. Events carry the version: a jump means missed events, so re-query.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveStream(context =>
            {
                var (tenant, id) = (context.GetArgument<string>("tenant"), context.GetArgument<string>("id"));
                access.Demand(context, tenant, Permission.Read);
                return new AsyncStreamObservable<CustomerChangeEvent>(cancellation => feeds.CustomerChangesAsync(tenant, id, cancellation));
            });

        Field<NonNullGraphType<ActionGraphType>>("actionsPlanned")
            .Description("Actions of the tenant as the rules dispatch them (and cancellations of dispatched ones), from now on.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .ResolveStream(context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.Ingest);
                return new AsyncStreamObservable<OutboundAction>(cancellation => Actions(feeds.ActionsAsync(tenant, cursor: null, ImmutableHashSet<Channel>.Empty, cancellation)));
            });
    }

    private static async IAsyncEnumerable<OutboundAction> Actions(IAsyncEnumerable<OutboxEntry> entries)
    {
        await foreach (var entry in entries)
        {
            yield return entry.Action;
        }
    }
}

public sealed class CustomerChangeGraphType : ObjectGraphType<CustomerChangeEvent>
{
    public CustomerChangeGraphType()
    {
        Name = "CustomerChange";
        Field<NonNullGraphType<StringGraphType>>("tenant").Resolve(c => c.Source.Tenant);
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => c.Source.CustomerId);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => (int)c.Source.Version);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("eventIds").Description("Touchpoints whose effect this change persisted (empty for rule-driven changes).").Resolve(c => c.Source.EventIds);
        Field<NonNullGraphType<CustomerGraphType>>("customer").Resolve(c => c.Source.Customer);
    }
}
