using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Journey.Tests.Infrastructure;

/// <summary>A graphql-transport-ws client for tests: send JSON messages, receive them, see how the server closed.</summary>
public sealed class GraphQLSocket(ClientWebSocket socket) : IAsyncDisposable
{
    public static async Task<GraphQLSocket> ConnectAsync(int httpPort)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}/graphql"), CancellationToken.None);
        Assert.Equal("graphql-transport-ws", socket.SubProtocol);
        return new GraphQLSocket(socket);
    }

    public WebSocketCloseStatus? CloseStatus => socket.CloseStatus;

    public Task SendAsync(JsonObject message) => SendTextAsync(message.ToJsonString());

    /// <summary>connection_init (with an empty payload), answered by connection_ack.</summary>
    public async Task InitAsync()
    {
        await SendAsync(new JsonObject { ["type"] = "connection_init", ["payload"] = new JsonObject() });
        Assert.Equal("connection_ack", (await ReceiveAsync())?["type"]?.GetValue<string>());
    }

    public Task SubscribeAsync(string id, string query, JsonObject? variables = null) => SendAsync(new JsonObject
    {
        ["type"] = "subscribe",
        ["id"] = id,
        ["payload"] = new JsonObject { ["query"] = query, ["variables"] = variables },
    });

    /// <summary>The customerChanged subscription the tests watch a customer with.</summary>
    public const string CustomerChanged = "subscription ($t: String!, $id: String!) { customerChanged(tenant: $t, id: $id) { version eventIds customer { timelineCount } } }";

    public Task SendTextAsync(string text) => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message, or null once the server closed (or dropped) the connection.</summary>
    public async Task<JsonNode?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(buffer, timeout.Token);
            }
            catch (WebSocketException)
            {
                return null;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                Assert.NotEqual(WebSocketCloseStatus.InternalServerError, socket.CloseStatus);
                return null;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray());
            }
        }
    }

    public async Task<int?> ClosedWithAsync()
    {
        while (await ReceiveAsync() is not null)
        {
        }

        return (int?)socket.CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        socket.Dispose();
    }
}
