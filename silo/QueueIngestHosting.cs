using System.Collections.Immutable;
using Azure.Storage.Queues;
using Journey.Api.Hosting;
using Journey.Domain;
using Journey.Grains.Queue;
using Orleans.Configuration;

namespace Journey.Silo;

/// <summary>
/// Journey:Queue:Provider=AzureQueue: the silos read touchpoints from <c>journey-touchpoints-0</c> … <c>-{Count-1}</c> through
/// Orleans persistent streams (Azure Queue, Journey:AzureStorage), with Journey's own data adapter; implicit subscriptions
/// only, so no pub-sub store is needed. Refused messages go to <c>journey-touchpoints-poison</c>.
/// </summary>
public static class QueueIngestHosting
{
    public static ISiloBuilder AddJourneyQueue(this ISiloBuilder silo, JourneyOptions options)
    {
        if (options.Queue.Provider != QueueProvider.AzureQueue)
        {
            silo.Services.AddSingleton<IPoisonQueue, NoPoisonQueue>();
            return silo;
        }

        var service = new QueueServiceClient(options.AzureConnectionString);
        silo.Services.AddSingleton<IPoisonQueue>(sp => new AzurePoisonQueue(service.GetQueueClient(QueueIngest.PoisonQueue), TimeProvider.System));
        silo.AddAzureQueueStreams(QueueIngest.Provider, configurator =>
        {
            configurator.ConfigureAzureQueue(queues => queues.Configure(q =>
            {
                q.QueueServiceClient = service;
                q.QueueNames = [.. QueueIngest.QueueNames(options.Queue.Count)];
                q.MessageVisibilityTimeout = options.Queue.VisibilityTimeout;
            }));
            configurator.ConfigureQueueDataAdapter((_, _) => new TouchpointQueueAdapter());
            configurator.ConfigureStreamPubSub(Orleans.Streams.StreamPubSubType.ImplicitOnly);
            configurator.ConfigurePullingAgent(agent => agent.Configure(a => a.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(100)));
        });
        return silo;
    }

    /// <summary>The poison queue of Azure Queue storage, created on first use; each refused message with its body and errors as JSON.</summary>
    private sealed class AzurePoisonQueue(QueueClient queue, TimeProvider clock) : IPoisonQueue
    {
        private readonly Lazy<Task> _created = new(() => queue.CreateIfNotExistsAsync());

        public async Task SendAsync(string body, ImmutableArray<FieldError> errors, CancellationToken cancellation = default)
        {
            await _created.Value;
            await queue.SendMessageAsync(QueueMessages.Poison(body, errors, clock.GetUtcNow()), cancellation);
        }
    }

    /// <summary>No queue is read, so nothing is ever refused from one.</summary>
    private sealed class NoPoisonQueue : IPoisonQueue
    {
        public Task SendAsync(string body, ImmutableArray<FieldError> errors, CancellationToken cancellation = default) =>
            throw new InvalidOperationException("no touchpoint queue is configured (Journey:Queue:Provider=None)");
    }
}
