using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace Journey.Grains.Queue;

/// <summary>A queued message on its way to its customer: the original body, and the position the queue adapter gave it.</summary>
[GenerateSerializer, Alias("journey.QueuedTouchpoints")]
public sealed class QueuedTouchpoints : IBatchContainer
{
    [Id(0)]
    public StreamId StreamId { get; init; }

    [Id(1)]
    public string Body { get; init; } = "";

    [Id(2)]
    public EventSequenceTokenV2 Token { get; init; } = new(0);

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Body is T body ? [Tuple.Create(body, (StreamSequenceToken)Token)] : [];

    public bool ImportRequestContext() => false;
}
