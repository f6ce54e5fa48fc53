using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Net.Client;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Journey.Tests.Durability;

/// <summary>
/// Journey:Role=Api: the API host in a process of its own (the api project's executable) in front of
/// two silo processes that serve no public API, on Redis clustering and storage with the system clock.
/// It is not ready while no silo answers; once they do, backends ingest through it (gRPC stream and
/// GraphQL), front-ends read, watch (gRPC and a GraphQL subscription) and take the actions feed through it, the customers live in the
/// silos, and the host never loads the grain implementations.
/// </summary>
[Collection(SiloKillCollection.Name)]
public class ApiHostTests(ITestOutputHelper output)
{
    private const string Tenant = "apitier";

    [Fact]
    public async Task An_API_host_apart_from_two_silos_ingests_reads_watches_subscribes_and_feeds_actions_without_the_grains()
    {
        await using var redis = await RedisServer.StartAsync();
        var policies = Directory.CreateTempSubdirectory("journey-policies-").FullName;
        await File.WriteAllTextAsync(Path.Combine(policies, $"{Tenant}.yaml"),
            TestPolicies.RemindersAtAnyHour("API tier test, a reminder as soon as a case is overdue, at any hour", ("reminder-1", "PT1M")));
        var clusterId = $"api-{Guid.NewGuid():N}"[..24];
        string[] cluster = ["--Journey:Clustering=Redis", $"--Journey:Redis={redis.ConnectionString}", $"--Journey:ClusterId={clusterId}"];
        await using var api = SiloProcess.CreateApiHost(cluster);
        api.Launch();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{api.HttpPort}"), Timeout = TimeSpan.FromSeconds(10) };

        // Before any silo runs, the host is alive and says it is not ready, and why.
        var notReady = await Until.ValueAsync(async () =>
        {
            using var response = await http.GetAsync("/health/ready");
            return response.StatusCode == HttpStatusCode.ServiceUnavailable ? await response.Content.ReadAsStringAsync() : null;
        }, TimeSpan.FromSeconds(60), "the API host did not answer /health/ready");
        Assert.Contains("\"cluster\"", notReady, StringComparison.Ordinal);
        Assert.Contains("Unhealthy", notReady, StringComparison.Ordinal);

        string[] silo = [.. cluster, "--Journey:Storage=Redis", "--Journey:Role=Silo", $"--Journey:Policies={policies}"];
        await using var first = SiloProcess.Create(silo);
        await using var second = SiloProcess.Create(silo);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        await Until.TrueAsync(async () => await first.ActiveSilosAsync() == 2, TimeSpan.FromSeconds(60), "two silos did not form one cluster");
        await api.ReadyAsync(TimeSpan.FromSeconds(60));

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{api.GrpcPort}");
        var client = new JourneyService.JourneyServiceClient(channel);

        // A backend's stream through the API host: an overdue invoice and a web visit for each of 40 customers.
        var customers = Enumerable.Range(0, 40).Select(i => Sample.NewId($"api{i}")).ToList();
        using (var stream = client.PushStream(deadline: DateTime.UtcNow.AddSeconds(60)))
        {
            foreach (var customer in customers)
            {
                await stream.RequestStream.WriteAsync(Invoice(customer));
                await stream.RequestStream.WriteAsync(Visit(customer, "visit"));
            }

            await stream.RequestStream.CompleteAsync();
            var acks = new List<PushAck>();
            await foreach (var ack in stream.ResponseStream.ReadAllAsync())
            {
                acks.Add(ack);
            }

            Assert.Equal(customers.Count * 2, acks.Count);
            Assert.All(acks, ack => Assert.True(ack.Status == PushAck.Types.Status.Accepted, $"{ack.EventId}: {ack.Status} {ack.Code} {ack.Message}"));
        }

        // The customers live in the silos (where placement put them; each silo's scrape is cached for a moment).
        var counts = "";
        var spread = await Until.ValueAsync(async () => (await first.ResidentCustomersAsync() ?? 0, await second.ResidentCustomersAsync() ?? 0) is var (a, b) && (counts = $"{a} + {b}") is { } && a + b >= customers.Count ? counts : null,
            TimeSpan.FromSeconds(30), "the silos do not hold the customers", () => counts);
        output.WriteLine($"customers resident per silo: {spread}");

        // GraphQL through the API host: a touchpoint recorded, then every customer read back as written.
        var recorded = await GraphQLAsync(http, $$"""
            mutation { recordTouchpoint(input: { eventId: "{{customers[0]}}-app", tenant: "{{Tenant}}", customerId: "{{customers[0]}}", type: APP_OPENED, occurredAt: "2026-11-02T10:00:00+01:00", channel: APP }) { duplicate version } }
            """);
        Assert.Equal(3, recorded["recordTouchpoint"]!["version"]!.GetValue<int>());
        foreach (var customer in customers)
        {
            var read = await GraphQLAsync(http, $$"""{ customer(tenant: "{{Tenant}}", id: "{{customer}}") { version timeline { type } cases { id stage } } }""");
            var expected = customer == customers[0] ? 3 : 2;
            Assert.Equal(expected, read["customer"]!["timeline"]!.AsArray().Count);
            Assert.Equal($"{customer}-inv", read["customer"]!["cases"]![0]!["id"]!.GetValue<string>());
            var grpc = await client.GetCustomerAsync(new GetCustomerRequest { Tenant = Tenant, CustomerId = customer, TimelineLimit = 10 });
            Assert.Equal(expected, grpc.TimelineCount);
        }

        // A front-end watching a customer through the API host sees the next change.
        using (var until = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            using var watch = client.WatchCustomer(new WatchCustomerRequest { Tenant = Tenant, CustomerId = customers[1] }, cancellationToken: until.Token);
            Assert.True(await watch.ResponseStream.MoveNext(until.Token));
            var before = watch.ResponseStream.Current.Version;
            await client.PushAsync(Visit(customers[1], "watched"));
            Assert.True(await watch.ResponseStream.MoveNext(until.Token));
            Assert.Equal(before + 1, watch.ResponseStream.Current.Version);
            Assert.Equal([$"{customers[1]}-watched"], watch.ResponseStream.Current.EventIds);
        }

        // A front-end's GraphQL subscription (graphql-transport-ws) through the API host sees the next change too.
        await using (var socket = await GraphQLSocket.ConnectAsync(api.HttpPort))
        {
            await socket.InitAsync();
            await socket.SubscribeAsync("watch", GraphQLSocket.CustomerChanged, new JsonObject { ["t"] = Tenant, ["id"] = customers[2] });
            var current = (await socket.ReceiveAsync())!["payload"]!["data"]!["customerChanged"]!["version"]!.GetValue<int>();
            await client.PushAsync(Visit(customers[2], "subscribed"));
            var change = (await socket.ReceiveAsync())!["payload"]!["data"]!["customerChanged"]!;
            Assert.Equal(current + 1, change["version"]!.GetValue<int>());
            Assert.Equal($"{customers[2]}-subscribed", change["eventIds"]![0]!.GetValue<string>());
            Assert.Equal(3, change["customer"]!["timelineCount"]!.GetValue<int>());
            await socket.SendAsync(new JsonObject { ["type"] = "complete", ["id"] = "watch" });
        }

        // A connector on the actions feed through the API host gets each customer's reminder.
        var reminded = new HashSet<string>(StringComparer.Ordinal);
        using (var until = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            using var feed = client.WatchActions(new WatchActionsRequest { Tenant = Tenant }, cancellationToken: until.Token);
            try
            {
                await foreach (var envelope in feed.ResponseStream.ReadAllAsync(until.Token))
                {
                    if (envelope.Kind == ActionEnvelope.Types.Kind.Dispatch && envelope.Action.StepId == "reminder-1")
                    {
                        reminded.Add(envelope.Action.CaseId);
                    }

                    if (reminded.Count == customers.Count)
                    {
                        break;
                    }
                }
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled)
            {
            }
        }

        Assert.Equal(customers.Select(c => $"{c}-inv").ToHashSet(StringComparer.Ordinal), reminded);

        // The host is a client of the cluster: abstractions and domain loaded, grain implementations and stores not.
        var loaded = await api.LoadedJourneyAssembliesAsync();
        output.WriteLine($"API host loaded: {string.Join(", ", loaded.Order(StringComparer.Ordinal))}");
        Assert.Contains("Journey.Api.dll", loaded);
        Assert.Contains("Journey.Abstractions.dll", loaded);
        Assert.DoesNotContain("Journey.Grains.dll", loaded);
        Assert.DoesNotContain("Journey.Storage.dll", loaded);
        Assert.Contains("Journey.Grains.dll", await first.LoadedJourneyAssembliesAsync());
    }

    private static Journey.Api.V1.Touchpoint Invoice(string customer) => new()
    {
        EventId = $"{customer}-invoice",
        Tenant = Tenant,
        CustomerId = customer,
        CaseId = $"{customer}-inv",
        Type = TouchpointType.InvoiceIssued,
        OccurredAt = "2026-10-01T10:00:00+02:00",
        Amount = "42.50",
        Currency = "EUR",
        DueDate = "2026-10-15",
    };

    private static Journey.Api.V1.Touchpoint Visit(string customer, string suffix) => new()
    {
        EventId = $"{customer}-{suffix}",
        Tenant = Tenant,
        CustomerId = customer,
        Type = TouchpointType.WebVisit,
        OccurredAt = "2026-11-01T10:00:00+01:00",
        Channel = Journey.Api.V1.Channel.Web,
    };

    private static async Task<JsonNode> GraphQLAsync(HttpClient http, string query)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new { query });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["errors"] is null, body.ToJsonString());
        return body["data"]!;
    }
}
