using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace Journey.Grains.Queue;

/// <summary>
/// Turns an Azure queue message's text into a stream event for the customer it names: any producer, in any language, puts
/// plain JSON on any of the queues, and the customer's stream takes it. A message that names no customer goes to a poison
/// stream, whose grain moves it to the poison queue with its error; it never blocks the messages behind it.
/// </summary>
public sealed class TouchpointQueueAdapter : IQueueDataAdapter<string, IBatchContainer>
{
    private const int PoisonStreams = 8;

    public string ToQueueMessage<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
        events.Single() as string ?? throw new NotSupportedException("the touchpoint queue carries touchpoints as JSON text");

    public IBatchContainer FromQueueMessage(string queueMessage, long sequenceId)
    {
        var stream = QueueMessages.CustomerOf(queueMessage) is var (tenant, customer)
            ? QueueIngest.StreamOf(tenant, customer)
            : StreamId.Create(QueueIngest.PoisonNamespace, $"poison-{sequenceId % PoisonStreams}");
        return new QueuedTouchpoints { StreamId = stream, Body = queueMessage, Token = new EventSequenceTokenV2(sequenceId) };
    }
}
