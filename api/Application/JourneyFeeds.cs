using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Journey.Api.Reading;
using Journey.Domain;
using Journey.Abstractions;
using Journey.Abstractions.Outbox;

namespace Journey.Api.Application;

/// <summary>A change of a customer, with the version it produced so a client can see a gap and re-query.</summary>
public sealed record CustomerChangeEvent(string Tenant, string CustomerId, long Version, ImmutableArray<string> EventIds, CustomerState Customer);

/// <summary>
/// The two streams both APIs serve, written once: a customer's changes (gRPC WatchCustomer, GraphQL
/// customerChanged) and a tenant's dispatched actions (gRPC WatchActions, GraphQL actionsPlanned).
/// The APIs map what they yield to their own messages.
/// </summary>
public sealed class JourneyFeeds(CustomerWatchFactory watches, JourneyReader reader, IGrainFactory grains, JourneyApiOptions options)
{
    /// <summary>The customer's state now, then after every persisted change; never the same version twice, never an older one.</summary>
    public async IAsyncEnumerable<CustomerChangeEvent> CustomerChangesAsync(string tenant, string customerId, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var watch = await watches.StartAsync(tenant, customerId, cancellation);
        long last = 0;
        await foreach (var change in watch.ReadAllAsync(cancellation))
        {
            if (change.Version > last && await reader.GetCustomerAsync(tenant, customerId) is { } customer && customer.Version > last)
            {
                last = customer.Version;
                yield return new CustomerChangeEvent(tenant, customerId, customer.Version, change.EventIds, customer);
            }
        }
    }

    /// <summary>
    /// The tenant's outbox after <paramref name="cursor"/> (null: from now on), dispatches and
    /// cancellations in order, only of <paramref name="channels"/> when any are named; polls when idle.
    /// A failing outbox read ends the stream with <see cref="FeedUnavailableException"/>.
    /// </summary>
    public async IAsyncEnumerable<OutboxEntry> ActionsAsync(string tenant, long? cursor, IReadOnlySet<Channel> channels, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var outbox = grains.GetGrain<IActionOutboxGrain>(tenant);
        var after = cursor ?? await Guarded(outbox.LastSequence);
        while (!cancellation.IsCancellationRequested)
        {
            var entries = await Guarded(() => outbox.Read(after, 256));
            foreach (var entry in entries)
            {
                after = entry.Sequence;
                if (channels.Count == 0 || channels.Contains(entry.Action.Channel))
                {
                    yield return entry;
                }
            }

            if (entries.IsEmpty)
            {
                await Task.Delay(options.ActionPollInterval, cancellation);
            }
        }
    }

    private static async Task<T> Guarded<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new FeedUnavailableException(exception);
        }
    }
}

/// <summary>The cluster did not answer a feed's read; the caller may resume from its last cursor.</summary>
public sealed class FeedUnavailableException(Exception inner) : Exception("the actions feed could not be read: " + inner.Message, inner);
