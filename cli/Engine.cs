using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Journey.Api.V1;

namespace Journey.Cli;

/// <summary>What the engine answered for one touchpoint of a file: its line, and accepted, duplicate or refused (with the field).</summary>
public sealed record Answer(int Line, Touchpoint Touchpoint, PushAck.Types.Status Status, string? Field, string? Message);

/// <summary>The tool's way to the engine: the public gRPC API, with a bearer token when the engine checks tokens.</summary>
public sealed class Engine : IDisposable
{
    private const int Window = 2048;
    private readonly GrpcChannel _channel;
    private readonly Metadata _headers = [];

    public Engine(string url, string? token)
    {
        _channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
        Client = new JourneyService.JourneyServiceClient(_channel);
        if (!string.IsNullOrEmpty(token))
        {
            _headers.Add("Authorization", $"Bearer {token}");
        }
    }

    public JourneyService.JourneyServiceClient Client { get; }

    public Metadata Headers => _headers;

    /// <summary>
    /// Pushes the touchpoints over one <c>PushStream</c>, at most <see cref="Window"/> unanswered, and answers each once it is
    /// durable or refused. One the engine could not take now (unavailable, overloaded) is pushed again with the same
    /// eventId until it is answered, so nothing is lost and nothing doubles.
    /// </summary>
    public async Task<IReadOnlyList<Answer>> PushAsync(IReadOnlyList<(int Line, Touchpoint Touchpoint)> items, Action<int> progress, CancellationToken cancellation)
    {
        var answers = new ConcurrentBag<Answer>();
        var pending = items;
        for (var round = 0; pending.Count > 0; round++)
        {
            if (round > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 200 * round)), cancellation);
            }

            var retry = new ConcurrentBag<(int, Touchpoint)>();
            var answered = new ConcurrentDictionary<long, bool>();
            var sent = pending;
            try
            {
                using var call = Client.PushStream(_headers, cancellationToken: cancellation);
                using var window = new SemaphoreSlim(Window);
                var reading = Task.Run(async () =>
                {
                    await foreach (var ack in call.ResponseStream.ReadAllAsync(cancellation))
                    {
                        window.Release();
                        answered[ack.Sequence] = true;
                        var (line, touchpoint) = sent[(int)ack.Sequence];
                        if (ack.Status is PushAck.Types.Status.Unavailable || ack.Code is "RESOURCE_EXHAUSTED" or "UNAVAILABLE")
                        {
                            retry.Add((line, touchpoint));
                            continue;
                        }

                        var error = ack.Errors.FirstOrDefault();
                        answers.Add(new Answer(line, touchpoint, ack.Status, error?.Field, error?.Message ?? (ack.Message.Length > 0 ? ack.Message : null)));
                        progress(1);
                    }
                }, cancellation);

                foreach (var (_, touchpoint) in sent)
                {
                    await window.WaitAsync(cancellation);
                    await call.RequestStream.WriteAsync(touchpoint, cancellation);
                }

                await call.RequestStream.CompleteAsync();
                await reading;
            }
            catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.Internal or StatusCode.Cancelled
                                                 && !cancellation.IsCancellationRequested)
            {
                // The stream broke: whatever it did not answer goes again, with the same eventIds.
                for (var sequence = 0; sequence < sent.Count; sequence++)
                {
                    if (!answered.ContainsKey(sequence))
                    {
                        retry.Add(sent[sequence]);
                    }
                }
            }

            pending = [.. retry];
        }

        return [.. answers.OrderBy(a => a.Line)];
    }

    public void Dispose() => _channel.Dispose();
}
