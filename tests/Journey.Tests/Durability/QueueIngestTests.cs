using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Grpc.Core;
using Grpc.Net.Client;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Journey.Tests.Durability;

/// <summary>
/// Touchpoints from Azure Queue storage (Azurite's queue service) through Orleans persistent streams: a producer that is
/// not .NET (node with Azure's JavaScript queue client) enqueues 10,000 JSON touchpoints for 2,000 customers and 50
/// malformed messages; the silo is killed with SIGKILL mid-run and started again. Every touchpoint is in its customer's
/// timeline once; the malformed ones are in the poison queue with their errors; each customer's timeline and version
/// equal those of the same touchpoints pushed over gRPC.
/// </summary>
public class QueueIngestTests(ITestOutputHelper output)
{
    private const int Customers = 2000;
    private const int PerCustomer = 5;

    [Fact]
    public async Task Queued_touchpoints_arrive_once_through_a_kill_and_match_the_same_pushed_over_gRPC()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var azurite = await AzuriteServer.StartAsync();
        string[] settings =
        [
            "--Journey:Storage=Redis", "--Journey:Clustering=Redis", $"--Journey:Redis={redis.ConnectionString}", $"--Journey:ClusterId=queue-{Guid.NewGuid():N}",
            "--Journey:Queue:Provider=AzureQueue", $"--Journey:AzureStorage={azurite.ConnectionString}", "--Journey:Queue:Count=4", "--Journey:Queue:VisibilityTimeout=00:00:10",
        ];
        var silo = SiloProcess.Create(settings);
        await silo.StartAsync();
        try
        {
            var (queued, pushed) = (Sample.NewId("queue"), Sample.NewId("push"));
            var touchpoints = Touchpoints(queued);
            var malformed = Malformed(queued);

            // The producer: node, Azure's JavaScript client, one queue per customer (by hash) so one customer's touchpoints stay in order.
            var messages = Path.GetTempFileName();
            await File.WriteAllLinesAsync(messages, touchpoints.Select(t => t.ToJsonString()).Concat(malformed));
            await using var producer = ChildProcess.Start("node", [Producer(), azurite.ConnectionString, messages, "4"],
                environment: new Dictionary<string, string> { ["NODE_PATH"] = Path.Combine(Repository.Root, ".tools", "node_modules") });

            // Mid-run: once the first customers have their touchpoints, the silo dies and comes back.
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{silo.GrpcPort}");
            var client = new JourneyService.JourneyServiceClient(channel);
            await Until.TrueAsync(async () => (await CountedAsync(client, queued, 200)) > 100, TimeSpan.FromMinutes(2), "the queue was never read");
            await silo.KillAsync();
            await silo.DisposeAsync();
            silo = SiloProcess.Replace(silo, settings);
            await silo.StartAsync();
            Assert.Equal(0, await producer.WaitForExitAsync(TimeSpan.FromMinutes(3)));

            using var restarted = GrpcChannel.ForAddress($"http://127.0.0.1:{silo.GrpcPort}");
            client = new JourneyService.JourneyServiceClient(restarted);
            await Until.TrueAsync(async () => await CountedAsync(client, queued, Customers) == Customers * PerCustomer, TimeSpan.FromMinutes(4),
                "not every queued touchpoint arrived");

            // The same touchpoints pushed over gRPC for another tenant: the same timelines and versions.
            using (var stream = client.PushStream())
            {
                var acks = Task.Run(async () => await stream.ResponseStream.ReadAllAsync().CountAsync());
                foreach (var touchpoint in touchpoints)
                {
                    await stream.RequestStream.WriteAsync(ToProto(touchpoint, pushed));
                }

                await stream.RequestStream.CompleteAsync();
                Assert.Equal(touchpoints.Count, await acks);
            }

            var differences = new List<string>();
            for (var i = 0; i < Customers; i++)
            {
                var viaQueue = await client.GetCustomerAsync(new GetCustomerRequest { Tenant = queued, CustomerId = $"c-{i}", TimelineLimit = 50 });
                var viaGrpc = await client.GetCustomerAsync(new GetCustomerRequest { Tenant = pushed, CustomerId = $"c-{i}", TimelineLimit = 50 });
                var (a, b) = (Timeline(viaQueue), Timeline(viaGrpc));
                if (viaQueue.Version != viaGrpc.Version || a != b || viaQueue.Timeline.Select(t => t.EventId).Distinct().Count() != PerCustomer)
                {
                    differences.Add($"c-{i}: v{viaQueue.Version} [{a}] against v{viaGrpc.Version} [{b}]");
                }
            }

            Assert.True(differences.Count == 0, string.Join("\n", differences.Take(10)));

            // Every malformed message is in the poison queue with its original body and the field that is wrong.
            var poison = new QueueClient(azurite.ConnectionString, "journey-touchpoints-poison");
            var refused = new List<JsonNode>();
            await Until.TrueAsync(async () =>
            {
                foreach (var message in (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value)
                {
                    refused.Add(JsonNode.Parse(message.Body.ToString())!);
                }

                return refused.Count >= malformed.Count;
            }, TimeSpan.FromMinutes(1), "the poison queue does not hold every malformed message");
            Assert.Equal(malformed.Order(StringComparer.Ordinal), refused.Select(r => r["body"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
            Assert.All(refused, r => Assert.False(string.IsNullOrEmpty(r["errors"]![0]!["field"]!.GetValue<string>())));
            output.WriteLine($"10,000 queued touchpoints through a kill: all once; {refused.Count} poison messages, e.g. {refused[0].ToJsonString()}");
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static string Timeline(Customer customer) =>
        string.Join(",", customer.Timeline.OrderBy(t => t.OccurredAt, StringComparer.Ordinal).ThenBy(t => t.EventId, StringComparer.Ordinal).Select(t => $"{t.EventId}:{t.Type}"));

    /// <summary>Touchpoints of the tenant's first <paramref name="count"/> customers that are in their timelines.</summary>
    private static async Task<int> CountedAsync(JourneyService.JourneyServiceClient client, string tenant, int count)
    {
        var total = 0;
        for (var i = 0; i < count; i++)
        {
            try
            {
                total += (await client.GetCustomerAsync(new GetCustomerRequest { Tenant = tenant, CustomerId = $"c-{i}", TimelineLimit = 50 })).Timeline.Count;
            }
            catch (RpcException exception) when (exception.StatusCode is StatusCode.NotFound)
            {
            }
        }

        return total;
    }

    /// <summary>Five touchpoints for each of 2,000 customers, as GraphQL TouchpointInput JSON.</summary>
    private static List<JsonObject> Touchpoints(string tenant)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        var list = new List<JsonObject>();
        for (var i = 0; i < Customers; i++)
        {
            string At(int minutes) => start.AddMinutes(i + minutes).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
            JsonObject Base(string suffix, string type, int minutes) => new() { ["eventId"] = $"c-{i}-{suffix}", ["tenant"] = tenant, ["customerId"] = $"c-{i}", ["type"] = type, ["occurredAt"] = At(minutes) };
            JsonObject With(JsonObject node, params (string Key, JsonNode? Value)[] more)
            {
                foreach (var (key, value) in more)
                {
                    node[key] = value;
                }

                return node;
            }

            list.Add(With(Base("inv", "INVOICE_ISSUED", 0), ("caseId", $"c-{i}-1"), ("amount", 100.00m + i), ("currency", "EUR"), ("dueDate", start.AddDays(40).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
            list.Add(With(Base("app", "APP_OPENED", 1), ("channel", "APP")));
            list.Add(With(Base("web", "WEB_VISIT", 2), ("channel", "WEB")));
            list.Add(With(Base("pay", "PAYMENT_RECEIVED", 3), ("caseId", $"c-{i}-1"), ("amount", 25.50m), ("currency", "EUR")));
            list.Add(With(Base("nps", "NPS_RESPONSE", 4), ("attributes", new JsonArray(new JsonObject { ["key"] = "score", ["value"] = (i % 11).ToString(CultureInfo.InvariantCulture) }))));
        }

        return list;
    }

    /// <summary>50 messages that are not valid touchpoints: not JSON, no customer, an unknown type, a negative amount, an unknown field.</summary>
    private static List<string> Malformed(string tenant) =>
    [
        .. Enumerable.Range(0, 10).Select(i => $"this is not JSON {i}"),
        .. Enumerable.Range(0, 10).Select(i => $$"""{"eventId":"bad-{{i}}","tenant":"{{tenant}}","type":"APP_OPENED","occurredAt":"2026-03-01T10:00:00+01:00"}"""),
        .. Enumerable.Range(0, 10).Select(i => $$"""{"eventId":"bad-type-{{i}}","tenant":"{{tenant}}","customerId":"bad-{{i}}","type":"TELEPATHY","occurredAt":"2026-03-01T10:00:00+01:00"}"""),
        .. Enumerable.Range(0, 10).Select(i => $$"""{"eventId":"bad-amount-{{i}}","tenant":"{{tenant}}","customerId":"bad-{{i}}","type":"PAYMENT_RECEIVED","amount":-5,"currency":"EUR","occurredAt":"2026-03-01T10:00:00+01:00"}"""),
        .. Enumerable.Range(0, 10).Select(i => $$"""{"eventId":"bad-field-{{i}}","tenant":"{{tenant}}","customerId":"bad-{{i}}","type":"APP_OPENED","occurredAt":"2026-03-01T10:00:00+01:00","colour":"red"}"""),
    ];

    private static Touchpoint ToProto(JsonObject json, string tenant)
    {
        var touchpoint = new Touchpoint
        {
            EventId = json["eventId"]!.GetValue<string>(), Tenant = tenant, CustomerId = json["customerId"]!.GetValue<string>(),
            Type = Enum.Parse<TouchpointType>(json["type"]!.GetValue<string>().Replace("_", "", StringComparison.Ordinal), ignoreCase: true),
            OccurredAt = json["occurredAt"]!.GetValue<string>(),
        };
        if (json["caseId"] is { } caseId) touchpoint.CaseId = caseId.GetValue<string>();
        if (json["amount"] is { } amount) (touchpoint.Amount, touchpoint.Currency) = (amount.GetValue<decimal>().ToString(CultureInfo.InvariantCulture), "EUR");
        if (json["dueDate"] is { } due) touchpoint.DueDate = due.GetValue<string>();
        if (json["channel"] is { } channel) touchpoint.Channel = Enum.Parse<Channel>(channel.GetValue<string>(), ignoreCase: true);
        foreach (var attribute in json["attributes"]?.AsArray() ?? [])
        {
            touchpoint.Attributes.Add(new Journey.Api.V1.Attribute { Key = attribute!["key"]!.GetValue<string>(), Value = attribute["value"]!.GetValue<string>() });
        }

        return touchpoint;
    }

    /// <summary>The producer script: each line of a file as one queue message, the queue chosen by a hash of the customer.</summary>
    private static string Producer()
    {
        var script = Path.Combine(Path.GetTempPath(), "journey-queue-producer.cjs");
        File.WriteAllText(script, """
            const { QueueServiceClient } = require('@azure/storage-queue');
            const fs = require('fs');
            const [connection, file, count] = process.argv.slice(2);
            const service = QueueServiceClient.fromConnectionString(connection);
            const queues = Array.from({ length: Number(count) }, (_, i) => service.getQueueClient(`journey-touchpoints-${i}`));
            const hash = (text) => [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
            (async () => {
              for (const queue of queues) await queue.createIfNotExists();
              const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
              const byQueue = queues.map(() => []);
              for (const line of lines) {
                let customer = 'x';
                try { customer = JSON.parse(line).customerId ?? 'x'; } catch { }
                byQueue[hash(String(customer)) % queues.length].push(line);
              }
              // Each queue in order (one customer's touchpoints stay in order); the queues side by side.
              await Promise.all(byQueue.map(async (messages, i) => { for (const m of messages) await queues[i].sendMessage(m); }));
              console.log(`sent ${lines.length}`);
            })().catch((e) => { console.error(e); process.exit(1); });
            """);
        return script;
    }
}
