using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using HdrHistogram;
using Journey.Api.V1;

namespace Journey.LoadTests;

/// <summary>
/// Time from pushing a touchpoint over gRPC to the customerChanged event arriving at a GraphQL
/// subscriber (graphql-transport-ws), against a running silo. Baseline in the same run: the gRPC
/// Push round trip itself (the event cannot arrive before the write it reports).
/// </summary>
public static class SubscriptionLatency
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var events = int.Parse(options.Get("--events", "500"), CultureInfo.InvariantCulture);
        var http = options.Get("--http", "http://127.0.0.1:5080");
        using var channel = GrpcChannel.ForAddress(options.GrpcAddress);
        var client = new JourneyService.JourneyServiceClient(channel);
        var customer = $"latency-{DateTimeOffset.UtcNow:HHmmssfff}";
        await client.PushAsync(Touchpoint(customer, 0));

        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri(http.Replace("http", "ws", StringComparison.Ordinal) + "/graphql"), CancellationToken.None);
        await SendAsync(socket, new JsonObject { ["type"] = "connection_init" });
        await ReceiveAsync(socket);
        await SendAsync(socket, new JsonObject
        {
            ["type"] = "subscribe",
            ["id"] = "latency",
            ["payload"] = new JsonObject { ["query"] = $"subscription {{ customerChanged(tenant: \"{options.Tenant}\", id: \"{customer}\") {{ version }} }}" },
        });
        await ReceiveAsync(socket);

        var toEvent = new LongHistogram(TimeStamp.Seconds(10), 3);
        var toAck = new LongHistogram(TimeStamp.Seconds(10), 3);
        var failures = 0;
        for (var i = 1; i <= events; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var receipt = await client.PushAsync(Touchpoint(customer, i));
            toAck.RecordValue(Stopwatch.GetTimestamp() - started);
            while (true)
            {
                var message = await ReceiveAsync(socket);
                var version = message?["payload"]?["data"]?["customerChanged"]?["version"]?.GetValue<int>();
                if (version is null)
                {
                    failures++;
                    break;
                }

                if (version >= receipt.Version)
                {
                    toEvent.RecordValue(Stopwatch.GetTimestamp() - started);
                    break;
                }
            }
        }

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"### Subscription latency ({DateTimeOffset.UtcNow:yyyy-MM-dd})")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project load-tests -- subscription-latency --events {events}` against `dotnet run -c Release --project silo` (memory storage), one subscriber, sequential pushes.")
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}. Failures: {failures}.")
            .AppendLine()
            .AppendLine("| measurement | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | ratio to baseline (p50) |")
            .AppendLine("|---|---|---|---|---|---|---|")
            .AppendLine(Row("gRPC Push → customerChanged event at the subscriber", toEvent, toAck))
            .AppendLine(Row("baseline: gRPC Push round trip (acknowledged after the write)", toAck, toAck))
            .ToString();
        Console.WriteLine(report);
        if (options.Find("--report") is { } path)
        {
            await File.AppendAllTextAsync(path, Environment.NewLine + report);
        }

        return failures == 0 ? 0 : 1;
    }

    private static string Row(string name, LongHistogram histogram, LongHistogram baseline)
    {
        double Millis(LongHistogram h, double percentile) => h.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Millis(histogram, 50):0.00} | {Millis(histogram, 90):0.00} | {Millis(histogram, 99):0.00} | {Millis(histogram, 99.9):0.00} | {histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.00} | {Millis(histogram, 50) / Millis(baseline, 50):0.00} |");
    }

    private static Journey.Api.V1.Touchpoint Touchpoint(string customer, int n) => new()
    {
        EventId = $"{customer}-{n}",
        Tenant = "webshop",
        CustomerId = customer,
        Type = TouchpointType.AppOpened,
        OccurredAt = "2026-03-02T10:00:00+01:00",
    };

    private static Task SendAsync(ClientWebSocket socket, JsonObject message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonNode?> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray());
            }
        }
    }
}
