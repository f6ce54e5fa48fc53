using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Grpc.Core;
using Journey.Api.V1;
using Journey.LoadTests.Harness;

namespace Journey.LoadTests.Scenarios;

/// <summary>
/// <c>queue [--touchpoints 20000] [--lines 100000] [--report FILE]</c>: touchpoints a second through the durable queue
/// (Azurite's queue service, Orleans persistent streams) against the same touchpoints over the gRPC stream, with the CPU
/// per touchpoint of the silo and of the emulator (from /proc); and lines a second of <c>cli import-open-items</c>. The
/// silo (memory storage) and Azurite run as processes of their own; Azurite comes from .tools (./test.sh installs it).
/// </summary>
public static partial class OutOfProcess
{
    public static async Task<int> QueueAsync(CommandLine options)
    {
        var count = options.GetInt("--touchpoints", 20_000);
        var lines = options.GetInt("--lines", 100_000);
        var repository = RepositoryRoot();
        var siloDll = Path.Combine(repository, "silo", "bin", "Release", "net10.0", "Journey.Silo.dll");
        var cliDll = Path.Combine(repository, "cli", "bin", "Release", "net10.0", "Journey.Cli.dll");
        var azurite = Path.Combine(repository, ".tools", "node_modules", ".bin", "azurite");
        if (!File.Exists(siloDll) || !File.Exists(cliDll) || !File.Exists(azurite))
        {
            Console.Error.WriteLine("build first (dotnet build -c Release silo cli) and install Azurite (./test.sh does)");
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("journey-queue-bench-").FullName;
        var (blob, queue, table, http, grpc) = (Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort());
        const string key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        var connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
        using var emulator = StartServer(azurite, ["--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{table}", "--location", folder, "--silent", "--skipApiVersionCheck", "--loose"], folder);
        await WaitForPortAsync(queue, emulator);
        using var silo = StartServer("dotnet", [siloDll, "--Journey:Outbox=", $"--Journey:HttpPort={http}", $"--Journey:GrpcPort={grpc}", $"--Journey:SiloPort={Loopback.FreePort()}",
            $"--Journey:GatewayPort={Loopback.FreePort()}", $"--Journey:ClusterId=queue-{Environment.ProcessId}", "--Journey:Queue:Provider=AzureQueue",
            $"--Journey:AzureStorage={connection}", "--Journey:Queue:Count=8", $"--Journey:Policies={folder}", "--Logging:LogLevel:Default=Warning"], Path.GetDirectoryName(siloDll)!);
        try
        {
            await WaitForAsync($"http://127.0.0.1:{http}/health/ready", silo);
            using var channel = Loopback.Channel(grpc);
            var client = new JourneyService.JourneyServiceClient(channel);
            var service = new QueueServiceClient(connection);
            var queues = Enumerable.Range(0, 8).Select(i => service.GetQueueClient($"journey-touchpoints-{i}")).ToList();
            foreach (var q in queues)
            {
                await q.CreateIfNotExistsAsync();
            }

            var rows = new List<string>();

            // Warm both paths first (JIT, first activations), then measure each once over new customers.
            foreach (var (label, measured, prefix, n) in new[] { ("warm-up", false, "w", Math.Min(count, 5000)), ("measured", true, "m", count) })
            {
                // From the first message put on a queue to the last one taken: the silo reads while the producer writes.
                var messages = Enumerable.Range(0, n).Select(i => Message("bench-queue", $"{prefix}-{i % (n / 5)}", $"{prefix}-{i}", i)).ToList();
                var (siloCpu, emulatorCpu, clock) = (CpuSeconds(silo), CpuSeconds(emulator), Stopwatch.StartNew());
                await Parallel.ForEachAsync(messages.Select((m, i) => (m, i)), new ParallelOptions { MaxDegreeOfParallelism = 32 },
                    async (item, cancellation) => await queues[item.i % queues.Count].SendMessageAsync(item.m, cancellation));
                await UntilTakenAsync(client, "bench-queue", prefix, n / 5, 5, TimeSpan.FromMinutes(10));
                var seconds = clock.Elapsed.TotalSeconds;
                if (measured)
                {
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| queue (Azurite, 8 queues; from the first put to the last taken) | {n:N0} | {n / seconds:N0} | {(CpuSeconds(silo) - siloCpu) / n * 1e6:N0} | {(CpuSeconds(emulator) - emulatorCpu) / n * 1e6:N0} |"));
                }

                var pushed = messages.Select(m => ToProto(m, "bench-grpc")).ToList();
                (siloCpu, clock) = (CpuSeconds(silo), Stopwatch.StartNew());
                using (var stream = client.PushStream())
                {
                    var acks = Task.Run(async () => { var k = 0; await foreach (var _ in stream.ResponseStream.ReadAllAsync()) { k++; } return k; });
                    foreach (var touchpoint in pushed)
                    {
                        await stream.RequestStream.WriteAsync(touchpoint);
                    }

                    await stream.RequestStream.CompleteAsync();
                    await acks;
                }

                seconds = clock.Elapsed.TotalSeconds;
                if (measured)
                {
                    rows.Add(string.Create(CultureInfo.InvariantCulture, $"| gRPC PushStream (one stream) | {n:N0} | {n / seconds:N0} | {(CpuSeconds(silo) - siloCpu) / n * 1e6:N0} | — |"));
                }
            }

            // The import tool: open items from a CSV, in a process of its own.
            var csv = Path.Combine(folder, "open-items.csv");
            await File.WriteAllLinesAsync(csv, ["customer,invoice,amount,currency,issued,due,debtorType",
                .. Enumerable.Range(0, lines).Select(i => string.Create(CultureInfo.InvariantCulture, $"imp-{i},IMP-{i},{10 + i % 500}.25,EUR,2026-03-01,2026-03-15,CONSUMER"))]);
            var importClock = Stopwatch.StartNew();
            using (var import = Start("dotnet", [cliDll, "import-open-items", "--tenant", "bench-import", "--file", csv, "--grpc", $"http://127.0.0.1:{grpc}",
                       "--errors", Path.Combine(folder, "errors.csv")], folder))
            {
                var printed = await import.StandardOutput.ReadToEndAsync();
                await import.WaitForExitAsync();
                Console.Error.WriteLine(printed.Trim());
            }

            var importSeconds = importClock.Elapsed.TotalSeconds;
            var report = new StringBuilder();
            report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"### Touchpoints through the queue against the gRPC stream ({DateTimeOffset.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores)").AppendLine();
            report.AppendLine("| path | touchpoints | per second | silo CPU µs / tp | emulator CPU µs / tp |").AppendLine("|---|---|---|---|---|");
            rows.ForEach(r => report.AppendLine(r));
            report.AppendLine().AppendLine(CultureInfo.InvariantCulture,
                $"`cli import-open-items` of {lines:N0} lines (one invoice each, the tool in its own process, the same silo): {importSeconds:N1} s, {lines / importSeconds:N0} lines a second (the tool's start included).");
            await PublishAsync(report.ToString(), options);

            return 0;
        }
        finally
        {
            Stop(silo);
            Stop(emulator);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Message(string tenant, string customer, string eventId, int i) => JsonSerializer.Serialize(new
    {
        eventId,
        tenant,
        customerId = customer,
        type = "WEB_VISIT",
        occurredAt = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(1)).AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        channel = "WEB",
    });

    private static Touchpoint ToProto(string message, string tenant)
    {
        using var json = JsonDocument.Parse(message);
        var root = json.RootElement;
        return new Touchpoint
        {
            EventId = root.GetProperty("eventId").GetString(), Tenant = tenant, CustomerId = root.GetProperty("customerId").GetString(),
            Type = TouchpointType.WebVisit, OccurredAt = root.GetProperty("occurredAt").GetString(), Channel = Channel.Web,
        };
    }

    /// <summary>Waits until each of the customers holds its touchpoints (a sample of every tenth customer, then all).</summary>
    private static async Task UntilTakenAsync(JourneyService.JourneyServiceClient client, string tenant, string prefix, int customers, int each, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        for (var i = customers - 1; i >= 0; i--)
        {
            while (true)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"{prefix}-{i} did not get its {each} touchpoints within {timeout}");
                }

                try
                {
                    if ((await client.GetCustomerAsync(new GetCustomerRequest { Tenant = tenant, CustomerId = $"{prefix}-{i}", TimelineLimit = 50 })).TimelineCount >= each)
                    {
                        break;
                    }
                }
                catch (Grpc.Core.RpcException exception) when (exception.StatusCode == Grpc.Core.StatusCode.NotFound)
                {
                }

                await Task.Delay(100);
            }
        }
    }
}
