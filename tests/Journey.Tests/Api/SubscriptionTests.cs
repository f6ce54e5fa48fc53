using System.Diagnostics;
using System.Text.Json.Nodes;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Api;

/// <summary>GraphQL subscriptions over WebSocket with the graphql-transport-ws protocol.</summary>
[Collection(JourneyHostCollection.Name)]
public sealed class SubscriptionTests(JourneyHostFixture host) : SubscriptionContract(host);

/// <summary>The same tests through an API host (Journey:Role=Api) in front of two silo processes.</summary>
[Collection(ApiHostClusterCollection.Name)]
public sealed class SubscriptionThroughApiHostTests(ApiHostClusterFixture host) : SubscriptionContract(host);

public abstract class SubscriptionContract(IJourneyEndpoints host)
{
    [Fact]
    public async Task A_subscriber_receives_the_change_a_gRPC_touchpoint_caused_with_its_version()
    {
        var customer = Sample.NewId("c");
        var grpc = new JourneyService.JourneyServiceClient(host.Grpc);
        await grpc.PushAsync(Sample.Pushed(customer, "first", TouchpointType.AppOpened));
        await using var socket = await ConnectAsync();
        await socket.InitAsync();
        await socket.SubscribeAsync("watch-1", GraphQLSocket.CustomerChanged, new JsonObject { ["t"] = "webshop", ["id"] = customer });
        var current = await socket.ReceiveAsync();
        Assert.Equal(("next", "watch-1", 1), (current!["type"]!.GetValue<string>(), current["id"]!.GetValue<string>(), current["payload"]!["data"]!["customerChanged"]!["version"]!.GetValue<int>()));

        var pushed = Stopwatch.StartNew();
        await grpc.PushAsync(Sample.Pushed(customer, "second", TouchpointType.AppOpened));
        var change = (await socket.ReceiveAsync())!["payload"]!["data"]!["customerChanged"]!;
        pushed.Stop();

        Assert.Equal(2, change["version"]!.GetValue<int>());
        Assert.Equal($"{customer}-second", change["eventIds"]![0]!.GetValue<string>());
        Assert.Equal(2, change["customer"]!["timelineCount"]!.GetValue<int>());

        await socket.SendAsync(new JsonObject { ["type"] = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
        await socket.SendAsync(new JsonObject { ["type"] = "complete", ["id"] = "watch-1" });
    }

    [Fact]
    public async Task Queries_work_over_the_socket_too()
    {
        await using var socket = await ConnectAsync();
        await socket.SendAsync(new JsonObject { ["type"] = "connection_init" });
        await socket.ReceiveAsync();
        await socket.SendAsync(new JsonObject { ["type"] = "subscribe", ["id"] = "q", ["payload"] = new JsonObject { ["query"] = "{ clock { mode } }" } });

        var next = await socket.ReceiveAsync();
        Assert.Equal("SYSTEM", next!["payload"]!["data"]!["clock"]!["mode"]!.GetValue<string>());
        Assert.Equal("complete", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_protocol_close_codes()
    {
        await using (var early = await ConnectAsync())
        {
            await early.SendAsync(new JsonObject { ["type"] = "subscribe", ["id"] = "x", ["payload"] = new JsonObject { ["query"] = "{ clock { mode } }" } });
            Assert.Equal(4401, await early.ClosedWithAsync());
        }

        await using (var twice = await ConnectAsync())
        {
            await twice.SendAsync(new JsonObject { ["type"] = "connection_init" });
            await twice.ReceiveAsync();
            await twice.SendAsync(new JsonObject { ["type"] = "connection_init" });
            Assert.Equal(4429, await twice.ClosedWithAsync());
        }

        await using (var garbage = await ConnectAsync())
        {
            await garbage.SendTextAsync("{not json");
            Assert.Equal(4400, await garbage.ClosedWithAsync());
        }

        await using (var duplicate = await ConnectAsync())
        {
            await duplicate.SendAsync(new JsonObject { ["type"] = "connection_init" });
            await duplicate.ReceiveAsync();
            var subscribe = new JsonObject
            {
                ["type"] = "subscribe",
                ["id"] = "same",
                ["payload"] = new JsonObject { ["query"] = "subscription { actionsPlanned(tenant: \"webshop\") { actionId } }" },
            };
            // The server takes a socket's messages in order and registers an id as it reads the subscribe: no pause is needed between the two.
            await duplicate.SendAsync(subscribe);
            await duplicate.SendAsync(subscribe.DeepClone().AsObject());
            Assert.Equal(4409, await duplicate.ClosedWithAsync());
        }

        await using (var silent = await ConnectAsync())
        {
            Assert.Equal(4408, await silent.ClosedWithAsync());
        }
    }

    private Task<GraphQLSocket> ConnectAsync() => GraphQLSocket.ConnectAsync(host.HttpPort);
}
