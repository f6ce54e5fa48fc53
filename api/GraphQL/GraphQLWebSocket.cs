using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Journey.Api.GraphQL;

/// <summary>
/// GraphQL over WebSocket with the graphql-transport-ws protocol (the one GraphiQL, Apollo and urql
/// speak), written here because GraphQL.Server is not available. One connection: connection_init →
/// connection_ack, ping/pong, subscribe/next/error/complete, and the protocol's close codes.
/// Outgoing messages go through a bounded buffer per connection; when a slow client lets it fill,
/// the oldest undelivered messages are dropped — events carry the customer version, so a client
/// sees the gap and re-queries — and no other connection is slowed.
/// </summary>
public sealed class GraphQLWebSocket(
    WebSocket socket,
    IDocumentExecuter<JourneySchema> executer,
    IGraphQLTextSerializer serializer,
    IServiceProvider services,
    Security.TenantAccess access,
    System.Security.Claims.ClaimsPrincipal? user,
    JourneyApiOptions options)
{
    private System.Security.Claims.ClaimsPrincipal? _user = user;

    public const string Protocol = "graphql-transport-ws";

    private readonly Channel<string> _outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(options.SubscriberBuffer)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private readonly Dictionary<string, IDisposable> _subscriptions = new(StringComparer.Ordinal);

    // A WebSocket takes one send at a time; closing is a send too.
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Lock _gate = new();
    private bool _initReceived;
    private bool _acknowledged;

    public static async Task HandleAsync(HttpContext http, IDocumentExecuter<JourneySchema> executer, IGraphQLTextSerializer serializer, JourneyApiOptions options)
    {
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(Protocol))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync($"use the WebSocket subprotocol {Protocol}");
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(Protocol);
        var access = http.RequestServices.GetRequiredService<Security.TenantAccess>();
        await new GraphQLWebSocket(socket, executer, serializer, http.RequestServices, access, http.User, options).RunAsync(http.RequestAborted);
    }

    private async Task RunAsync(CancellationToken aborted)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var writer = WriteLoopAsync(connection.Token);
        var initTimeout = Task.Delay(options.ConnectionInitTimeout, connection.Token).ContinueWith(
            async t =>
            {
                if (!t.IsCanceled && !_initReceived)
                {
                    await CloseAsync(4408, "Connection initialisation timeout");
                }
            }, TaskScheduler.Default).Unwrap();

        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var text = await ReceiveAsync(connection.Token);
                if (text is null)
                {
                    break;
                }

                if (!await HandleAsync(text))
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            await CloseAsync((int)WebSocketCloseStatus.InternalServerError, Truncate(exception.Message));
        }
        finally
        {
            lock (_gate)
            {
                foreach (var subscription in _subscriptions.Values)
                {
                    subscription.Dispose();
                }

                _subscriptions.Clear();
            }

            _outgoing.Writer.TryComplete();
            await connection.CancelAsync();
            await Task.WhenAll(writer, initTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    // Returns false when the connection was closed.
    private async Task<bool> HandleAsync(string text)
    {
        JsonNode? message;
        try
        {
            message = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            message = null;
        }

        var type = message?["type"]?.GetValueKind() == JsonValueKind.String ? message["type"]!.GetValue<string>() : null;
        switch (type)
        {
            case "connection_init":
                if (_initReceived)
                {
                    await CloseAsync(4429, "Too many initialisation requests");
                    return false;
                }

                _initReceived = true;
                if (access.Enabled && _user?.Identity?.IsAuthenticated != true)
                {
                    // Browsers cannot set headers on a WebSocket: the token travels in the init payload.
                    var payload = message!["payload"];
                    var token = (payload?["authorization"] ?? payload?["Authorization"] ?? payload?["token"])?.GetValue<string>();
                    _user = await access.ValidateAsync(token);
                    if (_user is null)
                    {
                        await CloseAsync(4403, "Forbidden");
                        return false;
                    }
                }

                _acknowledged = true;
                Send(new JsonObject { ["type"] = "connection_ack" });
                return true;
            case "ping":
                Send(new JsonObject { ["type"] = "pong" });
                return true;
            case "pong":
                return true;
            case "subscribe":
                return await SubscribeAsync(message!);
            case "complete":
                if (message!["id"]?.GetValue<string>() is { } finished)
                {
                    Unsubscribe(finished);
                }

                return true;
            default:
                await CloseAsync(4400, type is null ? "Invalid message" : $"Unexpected message type '{type}'");
                return false;
        }
    }

    private async Task<bool> SubscribeAsync(JsonNode message)
    {
        if (!_acknowledged)
        {
            await CloseAsync(4401, "Unauthorized");
            return false;
        }

        var id = message["id"]?.GetValueKind() == JsonValueKind.String ? message["id"]!.GetValue<string>() : null;
        var payload = message["payload"];
        if (string.IsNullOrEmpty(id) || payload?["query"] is null)
        {
            await CloseAsync(4400, "A subscribe message needs an id and a payload with a query");
            return false;
        }

        lock (_gate)
        {
            if (_subscriptions.ContainsKey(id))
            {
                _ = CloseAsync(4409, $"Subscriber for {id} already exists");
                return false;
            }

            _subscriptions[id] = NoSubscription.Instance;
        }

        var request = serializer.Deserialize<GraphQLRequest>(payload.ToJsonString())!;
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            Variables = request.Variables,
            OperationName = request.OperationName,
            Extensions = request.Extensions,
            RequestServices = services,
            User = _user,
        });

        if (result.Streams is not { Count: > 0 } streams)
        {
            // A query or mutation over the socket, or a subscription that did not start: one answer, then complete.
            if (result.Executed && result.Data is not null)
            {
                Send(Next(id, result));
                Send(new JsonObject { ["type"] = "complete", ["id"] = id });
            }
            else
            {
                Send(new JsonObject { ["type"] = "error", ["id"] = id, ["payload"] = JsonNode.Parse(serializer.Serialize(result))!["errors"]!.DeepClone() });
            }

            lock (_gate)
            {
                _subscriptions.Remove(id);
            }

            return true;
        }

        var subscription = streams.Values.First().Subscribe(new Forwarder(this, id));
        lock (_gate)
        {
            if (_subscriptions.ContainsKey(id))
            {
                _subscriptions[id] = subscription;
                return true;
            }
        }

        subscription.Dispose();
        return true;
    }

    private void Unsubscribe(string id)
    {
        IDisposable? subscription;
        lock (_gate)
        {
            _subscriptions.Remove(id, out subscription);
        }

        subscription?.Dispose();
    }

    private JsonObject Next(string id, ExecutionResult result) =>
        new() { ["type"] = "next", ["id"] = id, ["payload"] = JsonNode.Parse(serializer.Serialize(result)) };

    private void Send(JsonObject message) => _outgoing.Writer.TryWrite(message.ToJsonString());

    private async Task WriteLoopAsync(CancellationToken cancellation)
    {
        try
        {
            await foreach (var text in _outgoing.Reader.ReadAllAsync(cancellation))
            {
                await _sending.WaitAsync(cancellation);
                try
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellation);
                }
                finally
                {
                    _sending.Release();
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task<string?> ReceiveAsync(CancellationToken cancellation)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellation);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                // Complete the close handshake the client started.
                await CloseAsync((int)WebSocketCloseStatus.NormalClosure, "");
                return null;
            }

            message.Write(buffer, 0, received.Count);
            if (message.Length > options.MaxSocketMessageBytes)
            {
                await CloseAsync(4400, "Message too large");
                return null;
            }

            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }

    private async Task CloseAsync(int code, string reason)
    {
        await _sending.WaitAsync();
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _sending.Release();
        }
    }

    // A close reason may hold at most 123 bytes.
    private static string Truncate(string reason) => reason.Length <= 120 ? reason : reason[..120];

    private sealed class Forwarder(GraphQLWebSocket connection, string id) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => connection.Send(connection.Next(id, value));

        public void OnError(Exception error)
        {
            connection.Send(new JsonObject { ["type"] = "error", ["id"] = id, ["payload"] = new JsonArray(new JsonObject { ["message"] = error.Message }) });
            connection.Unsubscribe(id);
        }

        public void OnCompleted()
        {
            connection.Send(new JsonObject { ["type"] = "complete", ["id"] = id });
            connection.Unsubscribe(id);
        }
    }

    private sealed class NoSubscription : IDisposable
    {
        public static readonly NoSubscription Instance = new();

        public void Dispose()
        {
        }
    }
}
