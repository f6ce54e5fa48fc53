using System.Collections.Immutable;
using Journey.Domain;
using Orleans.Runtime;

namespace Journey.Grains.Queue;

/// <summary>
/// Touchpoints from a durable queue: Orleans persistent streams on Azure Queue storage. Every message is one touchpoint
/// as JSON with GraphQL <c>TouchpointInput</c>'s field names; its stream is the customer it names, so one customer's
/// messages are taken in order, by the grain of that customer's stream.
/// </summary>
public static class QueueIngest
{
    /// <summary>The stream provider's name.</summary>
    public const string Provider = "journey-queue";

    /// <summary>Streams of valid-looking messages, keyed by the customer's grain key.</summary>
    public const string Namespace = "touchpoints";

    /// <summary>Streams of messages that name no customer (not JSON, no tenant or customerId): straight to the poison queue.</summary>
    public const string PoisonNamespace = "touchpoints-poison";

    /// <summary>The queues a producer may use: <c>journey-touchpoints-0</c> … <c>journey-touchpoints-{count-1}</c>.</summary>
    public static IReadOnlyList<string> QueueNames(int count) => [.. Enumerable.Range(0, count).Select(i => $"journey-touchpoints-{i}")];

    public const string PoisonQueue = "journey-touchpoints-poison";

    public static StreamId StreamOf(string tenant, string customerId) => StreamId.Create(Namespace, GrainKeys.Of(tenant, customerId));
}

/// <summary>Where refused messages go: the poison queue, with the original body and every error (field named).</summary>
public interface IPoisonQueue
{
    Task SendAsync(string body, ImmutableArray<FieldError> errors, CancellationToken cancellation = default);
}
