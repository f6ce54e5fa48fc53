using System.Runtime.CompilerServices;
using System.Collections.Immutable;
using GraphQL;
using GraphQL.Types;
using Journey.Api.Application;
using Journey.Api.Application.UseCases;
using Journey.Domain;
using Journey.Domain.Rules;
using Journey.Abstractions.Outbox;

namespace Journey.Api.GraphQL;

public sealed class JourneySubscription : ObjectGraphType
{
    public JourneySubscription(UseCasePipeline pipeline)
    {
        Name = "Subscription";

        Field<NonNullGraphType<CustomerChangeGraphType>>("customerChanged")
            .Description("The customer's state now, then after every persisted change. Events carry the version: a jump means missed events, so re-query.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveStream(context =>
            {
                var (tenant, id) = (context.GetArgument<string>("tenant"), context.GetArgument<string>("id"));
                // Checked now, so that a refusal is the subscription's error; the observer's cancellation reaches the feed through WithCancellation.
                var changes = GraphErrors.Checked(() => pipeline.Open(context.User, new WatchCustomer(tenant, id, "id"), CancellationToken.None));
                return new AsyncStreamObservable<CustomerChangeEvent>(_ => changes);
            });

        Field<NonNullGraphType<ActionGraphType>>("actionsPlanned")
            .Description("Actions of the tenant as the rules dispatch them (and cancellations of dispatched ones), from now on.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .ResolveStream(context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                var entries = GraphErrors.Checked(() => pipeline.Open(context.User, new WatchActions(tenant, null, ImmutableHashSet<Channel>.Empty), CancellationToken.None));
                return new AsyncStreamObservable<OutboundAction>(cancellation => Actions(entries, cancellation));
            });
    }

    private static async IAsyncEnumerable<OutboundAction> Actions(IAsyncEnumerable<OutboxEntry> entries, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await foreach (var entry in entries.WithCancellation(cancellation))
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
