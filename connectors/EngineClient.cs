using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Journey.Api.V1;

namespace Journey.Connectors;

/// <summary>The connectors' only way to the engine: its public gRPC API (WatchActions, RenderMessage, Push, GetClock).</summary>
public sealed class EngineClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly JourneyService.JourneyServiceClient _client;
    private readonly Metadata _headers = [];
    private readonly TimeSpan _clockPoll;

    public EngineClient(ConnectorOptions options)
    {
        _channel = GrpcChannel.ForAddress(options.Grpc, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        _client = new JourneyService.JourneyServiceClient(_channel);
        if (options.Token is { } token)
        {
            _headers.Add("Authorization", $"Bearer {token}");
        }

        _clockPoll = options.ClockPoll;
    }

    public AsyncServerStreamingCall<ActionEnvelope> WatchActions(string tenant, long cursor, CancellationToken cancellation) =>
        _client.WatchActions(new WatchActionsRequest { Tenant = tenant, Cursor = cursor }, _headers, cancellationToken: cancellation);

    /// <summary>The action's message as the engine renders it now; null when the customer or action no longer exists (erased).</summary>
    public async Task<OutgoingMessage?> RenderAsync(string tenant, string customerId, string actionId, CancellationToken cancellation)
    {
        try
        {
            return await _client.RenderMessageAsync(new RenderMessageRequest { Tenant = tenant, CustomerId = customerId, ActionId = actionId }, _headers, cancellationToken: cancellation);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<DateTimeOffset> NowAsync(CancellationToken cancellation)
    {
        var clock = await _client.GetClockAsync(new GetClockRequest(), _headers, cancellationToken: cancellation);
        return DateTimeOffset.Parse(clock.Now, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the engine's clock reaches <paramref name="moment"/> (a simulated clock is polled, the system clock slept on) or <paramref name="stop"/> says to stop.</summary>
    public async Task<bool> WaitUntilAsync(DateTimeOffset moment, Func<bool> stop, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            var clock = await _client.GetClockAsync(new GetClockRequest(), _headers, cancellationToken: cancellation);
            var now = DateTimeOffset.Parse(clock.Now, CultureInfo.InvariantCulture);
            if (now >= moment)
            {
                return true;
            }

            if (stop())
            {
                return false;
            }

            var wait = clock.Mode == "SIMULATED" ? _clockPoll : TimeSpan.FromTicks(Math.Min((moment - now).Ticks, TimeSpan.FromSeconds(30).Ticks));
            await Task.Delay(wait, cancellation);
        }

        return false;
    }

    /// <summary>Reports what became of an action (MESSAGE_SENT, MESSAGE_DELIVERED, MESSAGE_FAILED); the event id makes a repeat harmless.</summary>
    public Task ReportAsync(string tenant, string customerId, string actionId, TouchpointType type, Channel channel, DateTimeOffset at, string? reason, CancellationToken cancellation)
    {
        var touchpoint = new Touchpoint
        {
            EventId = $"connector:{actionId}:{type switch { TouchpointType.MessageSent => "sent", TouchpointType.MessageDelivered => "delivered", _ => "failed" }}",
            Tenant = tenant,
            CustomerId = customerId,
            Type = type,
            OccurredAt = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            Channel = channel,
            ActionId = actionId,
        };
        if (reason is not null)
        {
            touchpoint.Attributes.Add(new Api.V1.Attribute { Key = "reason", Value = reason });
        }

        return _client.PushAsync(touchpoint, _headers, cancellationToken: cancellation).ResponseAsync;
    }

    public void Dispose() => _channel.Dispose();
}
