using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Journey.Api.V1;
using Journey.LoadTests.Harness;

namespace Journey.LoadTests.Scenarios;

/// <summary>
/// <c>connectors [--emails 10000] [--letters 2000] [--rate 500] [--report FILE]</c>: messages through the connectors, each
/// process of its own — a silo (simulated clock, memory storage), the connectors process, and an SMTP server in this
/// process. Messages a second per channel (e-mail to the loopback SMTP server, letters as PDFs to a print folder), the CPU
/// of the connectors and the silo per message (from /proc), and how long 10,000 reminders all due at 07:00 take to drain
/// under a rate limit of <c>--rate</c> e-mails a second.
/// </summary>
public static partial class OutOfProcess
{
    public static async Task<int> ConnectorsAsync(CommandLine options)
    {
        var emails = options.GetInt("--emails", 10_000);
        var letters = options.GetInt("--letters", 2_000);
        var rate = options.GetInt("--rate", 500);
        var repository = RepositoryRoot();
        var siloDll = Path.Combine(repository, "silo", "bin", "Release", "net10.0", "Journey.Silo.dll");
        var connectorsDll = Path.Combine(repository, "connectors", "bin", "Release", "net10.0", "Journey.Connectors.dll");
        if (!File.Exists(siloDll) || !File.Exists(connectorsDll))
        {
            Console.Error.WriteLine("build first: dotnet build -c Release silo connectors");
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("journey-connectors-bench-").FullName;
        var smtp = new CountingSmtp(Loopback.FreePort(), folder);
        var (http, grpc) = (Loopback.FreePort(), Loopback.FreePort());
        var start = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));
        using var silo = StartServer("dotnet", [siloDll, "--Journey:Outbox=", $"--Journey:HttpPort={http}", $"--Journey:GrpcPort={grpc}", $"--Journey:SiloPort={Loopback.FreePort()}",
            $"--Journey:GatewayPort={Loopback.FreePort()}", $"--Journey:ClusterId=connectors-{Environment.ProcessId}", "--Journey:Clock=Simulated",
            $"--Journey:SimulatedStart={start:yyyy-MM-dd'T'HH:mm:sszzz}", $"--Journey:Policies={folder}", "--Logging:LogLevel:Default=Warning"], Path.GetDirectoryName(siloDll)!);
        Process? connectors = null;
        try
        {
            await WaitForAsync($"http://127.0.0.1:{http}/health/ready", silo);
            await smtp.ReadyAsync(silo);
            using var graph = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
            using var channel = Loopback.Channel(grpc);
            var client = new JourneyService.JourneyServiceClient(channel);
            foreach (var (tenant, kind) in new[] { ("bench-mail", "EMAIL"), ("bench-letter", "LETTER"), ("bench-rate", "EMAIL") })
            {
                await PostAsync(graph, "mutation ($t: String!, $d: String!) { setPolicy(tenant: $t, document: $d) { version } }", new { t = tenant, d = BenchPolicy(kind) });
            }

            // E-mails fall due on Tuesday 3 March at 07:00, letters on Thursday 5 March, 10,000 rate-limited e-mails on Tuesday 10 March.
            await IngestAsync(client, "bench-mail", emails, start, "2026-03-02");
            await IngestAsync(client, "bench-letter", letters, start, "2026-03-04");
            await IngestAsync(client, "bench-rate", 10_000, start, "2026-03-09");
            Console.Error.WriteLine($"ingested {emails + letters + 10_000:N0} customers");

            string[] common = [connectorsDll, $"--Connectors:Grpc=http://127.0.0.1:{grpc}", "--Connectors:Smtp:Host=127.0.0.1", $"--Connectors:Smtp:Port={smtp.Port}",
                $"--Connectors:Letters:Folder={Path.Combine(folder, "print")}", $"--Connectors:State={Path.Combine(folder, "state")}", $"--Connectors:HttpPort={Loopback.FreePort()}",
                "--Connectors:ClockPoll=00:00:00.050", "--Logging:LogLevel:Default=Warning"];
            connectors = StartServer("dotnet", [.. common, "--Connectors:Tenants=bench-mail,bench-letter"], Path.GetDirectoryName(connectorsDll)!);
            await Task.Delay(3000);

            var results = new List<string>();
            foreach (var (label, count, due, done) in new (string, int, string, Func<int>)[]
            {
                ("e-mail to the loopback SMTP server", emails, "2026-03-03T10:00:00+01:00", () => smtp.Count("bench-mail")),
                ("letters as PDFs to the print folder", letters, "2026-03-05T10:00:00+01:00", () => PdfCount(Path.Combine(folder, "print", "bench-letter"))),
            })
            {
                var (siloCpu, connectorCpu) = (CpuSeconds(silo), CpuSeconds(connectors));
                var clock = Stopwatch.StartNew();
                await PostAsync(graph, "mutation ($to: String!) { advanceClock(to: $to) { now } }", new { to = due });

                await UntilAsync(() => done() >= count, TimeSpan.FromMinutes(10), label);
                var seconds = clock.Elapsed.TotalSeconds;
                results.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {label} | {count:N0} | {seconds:N1} | {count / seconds:N0} | {(CpuSeconds(connectors) - connectorCpu) / count * 1e6:N0} | {(CpuSeconds(silo) - siloCpu) / count * 1e6:N0} |"));
                Console.Error.WriteLine(results[^1]);
            }

            // 10,000 reminders due at 07:00 on Tuesday 10 March, the connectors limited to --rate e-mails a second.
            Stop(connectors);
            connectors.Dispose();
            connectors = StartServer("dotnet", [.. common, "--Connectors:Tenants=bench-rate", $"--Connectors:RateLimits:EMAIL={rate}"], Path.GetDirectoryName(connectorsDll)!);
            await Task.Delay(3000);
            var drain = Stopwatch.StartNew();
            await PostAsync(graph, "mutation { advanceClock(to: \"2026-03-10T07:30:00+01:00\") { now } }", new { });
            await UntilAsync(() => smtp.Count("bench-rate") >= 10_000, TimeSpan.FromMinutes(15), "the rate-limited drain");
            var drained = drain.Elapsed.TotalSeconds;

            var report = new StringBuilder();
            report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"### Messages through the connectors ({DateTimeOffset.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores)").AppendLine();
            report.AppendLine("| channel | messages | seconds | messages / s | connectors CPU µs / message | silo CPU µs / message |").AppendLine("|---|---|---|---|---|---|");
            results.ForEach(r => report.AppendLine(r));
            report.AppendLine().AppendLine(CultureInfo.InvariantCulture,
                $"10,000 reminders due at 07:00 under a limit of {rate:N0} e-mails a second drained in {drained:N1} s ({10_000 / drained:N0}/s; the limit alone allows {10_000.0 / rate:N1} s), none dropped.");
            await PublishAsync(report.ToString(), options);

            return 0;
        }
        finally
        {
            if (connectors is not null)
            {
                Stop(connectors);
                connectors.Dispose();
            }

            Stop(silo);
            await smtp.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string BenchPolicy(string channel) => $$"""
        timeZone: Europe/Amsterdam
        client:
          name: Bench B.V.
        ladder:
          - id: reminder-1
            after: PT1H
            kind: REMINDER
            channel: {{channel}}
            template: bench
        """;

    private static async Task IngestAsync(JourneyService.JourneyServiceClient client, string tenant, int customers, DateTimeOffset at, string due)
    {
        var occurred = at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        await Parallel.ForEachAsync(Enumerable.Range(0, customers), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellation) =>
        {
            var id = $"{tenant}-{i:D6}";
            var contact = new Touchpoint { EventId = $"{id}-c", Tenant = tenant, CustomerId = id, Type = TouchpointType.ContactDetailsChanged, OccurredAt = occurred };
            foreach (var (key, value) in new[] { ("name", id), ("email", $"{id}@example.org"), ("addressLines", "Dorpsstraat 1"), ("postalCode", "1234 AB"), ("city", "Ergens") })
            {
                contact.Attributes.Add(new Journey.Api.V1.Attribute { Key = key, Value = value });
            }

            await client.PushAsync(contact, cancellationToken: cancellation);
            await client.PushAsync(new Touchpoint
            {
                EventId = $"{id}-i", Tenant = tenant, CustomerId = id, CaseId = $"{id}-1", Type = TouchpointType.InvoiceIssued, OccurredAt = occurred,
                Amount = "25.00", Currency = "EUR", DueDate = due,
            }, cancellationToken: cancellation);
        });
    }

    private static async Task PostAsync(HttpClient http, string query, object variables)
    {
        using var response = await http.PostAsync("/graphql", new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || body.Contains("\"errors\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"GraphQL failed: {body}");
        }
    }

    private static async Task UntilAsync(Func<bool> done, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!done())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{what} did not finish within {timeout}");
            }

            await Task.Delay(50);
        }
    }

    private static int PdfCount(string folder) => Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.pdf", SearchOption.AllDirectories).Count() : 0;

    /// <summary>User and system CPU seconds of a whole process, from /proc (clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(Process process)
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>
    /// Debian's aiosmtpd (python3-aiosmtpd; installed here when missing) as the loopback SMTP server, in a process of its own:
    /// it counts what it accepts per tenant (the Message-ID's domain) and writes the counts to a file ten times a second.
    /// </summary>
    private sealed class CountingSmtp : IAsyncDisposable
    {
        private const string Script = """
            import collections, json, os, re, sys, time
            from aiosmtpd.controller import Controller
            port, out = int(sys.argv[1]), sys.argv[2]
            counts = collections.Counter()
            class Handler:
                async def handle_DATA(self, server, session, envelope):
                    m = re.search(rb'Message-I[dD]:\s*<[^@>]*@([^.>]+)\.journey>', envelope.content, re.I)
                    counts[m.group(1).decode() if m else '?'] += 1
                    return '250 OK'
            controller = Controller(Handler(), hostname='127.0.0.1', port=port)
            controller.start()
            print('ready', flush=True)
            while True:
                with open(out + '.tmp', 'w') as f:
                    json.dump(counts, f)
                os.replace(out + '.tmp', out)
                time.sleep(0.1)
            """;

        private readonly Process _process;
        private readonly string _counts;

        public CountingSmtp(int port, string folder)
        {
            Port = port;
            if (Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import aiosmtpd"]) { UseShellExecute = false }) is { } probe)
            {
                probe.WaitForExit();
                if (probe.ExitCode != 0)
                {
                    Console.Error.WriteLine("installing python3-aiosmtpd (apt) for the loopback SMTP server");
                    using var apt = Process.Start(new ProcessStartInfo("bash", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd >/dev/null"]) { UseShellExecute = false })!;
                    apt.WaitForExit();
                }
            }

            var script = Path.Combine(folder, "smtp.py");
            File.WriteAllText(script, Script);
            _counts = Path.Combine(folder, "smtp-counts.json");
            _process = StartServer("/usr/bin/python3", [script, port.ToString(CultureInfo.InvariantCulture), _counts], folder);
        }

        public int Port { get; }

        public async Task ReadyAsync(Process owner) => await WaitForPortAsync(Port, _process.HasExited ? _process : owner);

        public int Count(string tenant)
        {
            try
            {
                return File.Exists(_counts) && JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(_counts)) is { } counts ? counts.GetValueOrDefault(tenant) : 0;
            }
            catch (Exception exception) when (exception is IOException or JsonException)
            {
                return 0;
            }
        }

        public ValueTask DisposeAsync()
        {
            Stop(_process);
            _process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
