using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Types;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Domain;
using Journey.Domain.Rules;
using Journey.Grains;
using Journey.Grains.Outbox;

namespace Journey.Api.GraphQL;

/// <summary>A change of a customer, with the version it produced so a client can see a gap and re-query.</summary>
public sealed record CustomerChangeEvent(string Tenant, string CustomerId, long Version, ImmutableArray<string> EventIds, CustomerState Customer);

public sealed class JourneySubscription : ObjectGraphType
{
    public JourneySubscription(CustomerWatchFactory watches, JourneyReader reader, IGrainFactory grains, TenantAccess access, JourneyApiOptions options)
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
                return new AsyncStreamObservable<CustomerChangeEvent>(cancellation => CustomerChanges(watches, reader, tenant, id, cancellation));
            });

        Field<NonNullGraphType<ActionGraphType>>("actionsPlanned")
            .Description("Actions of the tenant as the rules dispatch them (and cancellations of dispatched ones), from now on.")
            .Argument<NonNullGraphType<StringGraphType>>("tenant")
            .ResolveStream(context =>
            {
                var tenant = context.GetArgument<string>("tenant");
                access.Demand(context, tenant, Permission.Ingest);
                return new AsyncStreamObservable<OutboundAction>(cancellation => DispatchedActions(grains, tenant, options.ActionPollInterval, cancellation));
            });
    }

    private static async IAsyncEnumerable<CustomerChangeEvent> CustomerChanges(
        CustomerWatchFactory watches, JourneyReader reader, string tenant, string id, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var watch = await watches.StartAsync(tenant, id, cancellation);
        long last = 0;
        await foreach (var change in watch.ReadAllAsync(cancellation))
        {
            if (change.Version > last && await reader.GetCustomerAsync(tenant, id) is { } customer && customer.Version > last)
            {
                last = customer.Version;
                yield return new CustomerChangeEvent(tenant, id, customer.Version, change.EventIds, customer);
            }
        }
    }

    private static async IAsyncEnumerable<OutboundAction> DispatchedActions(
        IGrainFactory grains, string tenant, TimeSpan pollInterval, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var outbox = grains.GetGrain<IActionOutboxGrain>(tenant);
        var cursor = await outbox.LastSequence();
        while (!cancellation.IsCancellationRequested)
        {
            var entries = await outbox.Read(cursor, 256);
            foreach (var entry in entries)
            {
                cursor = entry.Sequence;
                yield return entry.Action;
            }

            if (entries.IsEmpty)
            {
                await Task.Delay(pollInterval, cancellation);
            }
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
