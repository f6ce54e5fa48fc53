using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Journey.Api.V1;
using Journey.LoadTests.Harness;

namespace Journey.LoadTests.Scenarios;

/// <summary>
/// <c>fairness [--grpc URL] [--customers 100000] [--probe-rate 50]</c>: one tenant's invoice run must not
/// starve another's ingest. A second tenant sends unary touchpoints at a steady rate, first alone, then
/// while the first tenant streams an invoice run flat out; the second tenant's ack latency and refusals
/// are compared.
/// </summary>
public static class TenantFairness
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var customers = options.GetInt("--customers", 100_000);
        var probeRate = options.GetInt("--probe-rate", 50);
        using var channel = Loopback.Channel(new Uri(options.GrpcAddress));
        var client = new JourneyService.JourneyServiceClient(channel);
        var run = Guid.NewGuid().ToString("N")[..8];

        var alone = await ProbeAsync(client, $"alone-{run}", probeRate, Task.Delay(TimeSpan.FromSeconds(10)));
        var flood = Ingest.StreamAsync(new Recorder(), channel, OutOfProcess.Workload("cold-new", "webshop", $"run-{run}", customers, 1, DateTimeOffset.Now), 8, TimeSpan.FromMinutes(10), window: 2048);
        var beside = await ProbeAsync(client, $"beside-{run}", probeRate, flood);
        var invoiceRun = (await flood).ToMeasurement("invoice run");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            ### One tenant's invoice run beside another tenant's ingest ({DateTimeOffset.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores)

            | | touchpoints | /s | ack p50 ms | ack p99 ms | refused or failed |
            |---|---|---|---|---|---|
            | housing, {probeRate}/s unary, alone | {alone.Count:N0} | {alone.PerSecond:N0} | {alone.LatencyMs?.P50:N1} | {alone.LatencyMs?.P99:N1} | {alone.Failures} |
            | webshop invoice run, 8 streams | {invoiceRun.Count:N0} | {invoiceRun.PerSecond:N0} | {invoiceRun.LatencyMs?.P50:N1} | {invoiceRun.LatencyMs?.P99:N1} | {invoiceRun.Failures} |
            | housing, {probeRate}/s unary, beside the run | {beside.Count:N0} | {beside.PerSecond:N0} | {beside.LatencyMs?.P50:N1} | {beside.LatencyMs?.P99:N1} | {beside.Failures} |

            """));
        return alone.Failures + beside.Failures > 0 ? 1 : 0;
    }

    private static async Task<Measurement> ProbeAsync(JourneyService.JourneyServiceClient client, string prefix, int rate, Task until)
    {
        var recorder = new Recorder();
        recorder.Restart();
        var start = Stopwatch.GetTimestamp();
        var pending = new List<Task>();
        for (var sent = 0; !until.IsCompleted; sent++)
        {
            var due = start + (long)((double)sent / rate * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < due)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1));
            }

            var touchpoint = new Touchpoint
            {
                EventId = $"{prefix}-{sent}", Tenant = "housing", CustomerId = $"{prefix}-{sent % 500}", Type = TouchpointType.WebVisit,
                OccurredAt = DateTimeOffset.Now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            };
            pending.Add(SendAsync(client, touchpoint, due, recorder));
        }

        await Task.WhenAll(pending);
        recorder.Stop();
        return recorder.ToMeasurement(prefix);
    }

    private static async Task SendAsync(JourneyService.JourneyServiceClient client, Touchpoint touchpoint, long due, Recorder recorder)
    {
        try
        {
            await client.PushAsync(touchpoint, deadline: DateTime.UtcNow.AddSeconds(30));
            recorder.Success(due);
        }
        catch (RpcException exception)
        {
            recorder.Failure(LoadRunner.Describe(exception));
        }
    }
}
