using System.Collections.Immutable;
using Journey.Domain;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Journey.Grains.Queue;

/// <summary>Marks the grains that take queue streams; they are called by the stream runtime only.</summary>
[Alias("journey.IQueueIngestGrain")]
public interface IQueueIngestGrain : IGrainWithStringKey;

/// <summary>
/// One customer's queue stream (key: the customer's grain key): each message is validated by the one parser and taken by
/// the customer grain exactly like a pushed touchpoint — same step, same dedupe by eventId — and only then is it done, so
/// the queue deletes it only after the customer's write is durable. A silo that dies before that leaves the message in the
/// queue; it comes back and is answered as a duplicate where it was already taken. A message the engine refuses goes to
/// the poison queue with its errors.
/// </summary>
[ImplicitStreamSubscription(QueueIngest.Namespace)]
public sealed class QueueIngestGrain(IPoisonQueue poison, ILogger<QueueIngestGrain> logger) : Grain, IQueueIngestGrain, IStreamSubscriptionObserver, IAsyncObserver<string>
{
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<string>().ResumeAsync(this);

    public async Task OnNextAsync(string body, StreamSequenceToken? token = null)
    {
        var (raw, error) = QueueMessages.Read(body);
        if (raw is null)
        {
            await poison.SendAsync(body, [error!]);
            return;
        }

        var parsed = TouchpointParser.Parse(raw, TouchpointLimits.Default);
        if (parsed.Touchpoint is not { } touchpoint)
        {
            await poison.SendAsync(body, parsed.Errors);
            return;
        }

        if (GrainKeys.Of(touchpoint.Tenant, touchpoint.CustomerId) != this.GetPrimaryKeyString())
        {
            await poison.SendAsync(body, [new FieldError("customerId", "does not name the customer of the stream the message was read for")]);
            return;
        }

        var outcome = (await GrainFactory.Customer(touchpoint.Tenant, touchpoint.CustomerId).Ingest([touchpoint]))[0];
        if (outcome.Status == IngestStatus.Rejected)
        {
            logger.LogInformation("Queue message {EventId} of {Customer} refused: {Errors}", touchpoint.EventId, touchpoint.CustomerId, string.Join("; ", outcome.Errors));
            await poison.SendAsync(body, outcome.Errors);
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

/// <summary>A poison stream: messages that name no customer, moved to the poison queue with why.</summary>
[ImplicitStreamSubscription(QueueIngest.PoisonNamespace)]
public sealed class QueuePoisonGrain(IPoisonQueue poison) : Grain, IQueueIngestGrain, IStreamSubscriptionObserver, IAsyncObserver<string>
{
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<string>().ResumeAsync(this);

    public Task OnNextAsync(string body, StreamSequenceToken? token = null)
    {
        var (raw, error) = QueueMessages.Read(body);
        ImmutableArray<FieldError> errors = raw is null ? [error!]
            : TouchpointParser.Parse(raw, TouchpointLimits.Default).Errors is { IsDefaultOrEmpty: false } found ? found
            : [new FieldError("customerId", "the message names no customer")];
        return poison.SendAsync(body, errors);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
