using System.Threading.Channels;
using Grpc.Core;

namespace Journey.Api.Rpc;

/// <summary>
/// Writes a stream's answers coalesced: every answer that is already waiting goes out with a buffer
/// hint and the last of them flushes, so a batch of acknowledgements costs one flush, not one each.
/// </summary>
public static class AckWriter
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    /// <summary>A bounded queue of answers: a caller that stops reading pushes back on the producers.</summary>
    public static Channel<T> Queue<T>(int capacity) =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public static async Task WriteAllAsync<T>(ChannelReader<T> answers, IServerStreamWriter<T> stream, CancellationToken cancellationToken = default)
    {
        while (await answers.WaitToReadAsync(cancellationToken))
        {
            while (answers.TryRead(out var answer))
            {
                stream.WriteOptions = answers.TryPeek(out _) ? Buffered : null;
                await stream.WriteAsync(answer, cancellationToken);
            }
        }
    }
}
