using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using Journey.Api.V1;
using Journey.LoadTests.Harness;

namespace Journey.LoadTests.Scenarios;

/// <summary>
/// Ingest measured as a user measures it: the silo, the echo baseline and the generator each in a
/// process of their own, the same generator driving both. <c>compare</c> starts the silo (from its
/// build output, memory storage unless told otherwise) and the echo server, then runs <c>push</c>
/// processes: cold-new (each customer's first touchpoint an invoice), warm (every customer of the
/// first cold-new run once more, in a random permutation), each three times; the echo takes the
/// same pushes. CPU and allocation per touchpoint come from the silo's own /metrics
/// (the runtime's meter), bytes to storage from Journey's storage meter.
/// </summary>
public static partial class OutOfProcess
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public sealed record PushResult(string Scenario, string Target, int Run, long Acknowledged, long Failed, double Seconds, double PerSecond,
        double P50Ms, double P99Ms, double CpuMicrosPerTouchpoint, double AllocatedBytesPerTouchpoint, double StorageBytesPerTouchpoint, string? FirstFailure)
    {
        /// <summary>CPU of the whole server process (silo or echo) per acknowledged touchpoint, read from /proc around the run.</summary>
        public double ServerCpuMicros { get; init; } = double.NaN;

        /// <summary>CPU of redis-server per acknowledged touchpoint, from /proc (NaN without Redis).</summary>
        public double RedisCpuMicros { get; init; } = double.NaN;

        /// <summary>The silo's collector pauses during the run, and those longer than 50 ms (from its journey.gc.pause histogram; NaN without metrics).</summary>
        public double CollectorPauses { get; init; } = double.NaN;

        public double CollectorPausesOver50Ms { get; init; } = double.NaN;

        /// <summary>Pauses over 50 ms by the generation collected in them (<c>none</c>: a suspension without a collection).</summary>
        public Dictionary<string, double>? PausesOver50MsByGeneration { get; init; }
    }

    /// <summary>What one <c>compare</c> measured: every run, the peer's rates, the residents at the end, Redis's input per touchpoint, its fsync rate.</summary>
    public sealed record CompareOutcome(string Storage, int Customers, List<PushResult> Results, List<double> Peer, (double Customers, double HeapBytes) Resident,
        Dictionary<(string Scenario, int Run), double> RedisInput, double? Fsyncs)
    {
        public string Report() => OutOfProcess.Report(Results, Customers, Storage, Peer, Resident, RedisInput, Fsyncs);
    }

    /// <summary><c>echo-server --port P</c>: the do-nothing server of the same contract, until stopped.</summary>
    public static async Task<int> ServeEchoAsync(CommandLine options)
    {
        await using var echo = await EchoServer.StartAsync(options.GetInt("--port", 0), options.Get("--grain", "false") == "true");
        Console.WriteLine($"echo listening on {echo.Port}");
        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
        await stop.Task;
        return 0;
    }

    /// <summary>
    /// <c>push --grpc URL --scenario cold-new|warm --customers N --prefix P --pass K [--streams 8] [--window 512] [--rate R] [--unary C] [--metrics URL]</c>:
    /// one measured run, each of the streams keeping at most <c>window</c> touchpoints unanswered (or, with <c>--rate</c>, sending
    /// R a second on schedule, open loop; with <c>--unary</c>, C unary callers instead of streams); prints a RESULT line.
    /// </summary>
    public static async Task<int> PushAsync(CommandLine options)
    {
        var scenario = options.Get("--scenario", "cold-new");
        var customers = options.GetInt("--customers", 100_000);
        var streams = options.GetInt("--streams", 8);
        var prefix = options.Get("--prefix", "c1");
        var pass = options.GetInt("--pass", 1);
        var metrics = options.Find("--metrics");
        var workload = Workload(scenario, options.Tenant, prefix, customers, pass, DateTimeOffset.Now);

        using var channel = Loopback.Channel(new Uri(options.GrpcAddress));
        var before = metrics is null ? null : await ScrapeAsync(metrics);
        var window = options.GetInt("--window", 512);
        var rate = double.Parse(options.Get("--rate", "0"), CultureInfo.InvariantCulture);
        var unary = options.GetInt("--unary", 0);
        var recorder = unary > 0
            ? await Ingest.UnaryAsync(new Recorder(), channel, workload, unary, TimeSpan.FromMinutes(10))
            : await Ingest.StreamAsync(new Recorder(), channel, workload, streams, TimeSpan.FromMinutes(10), window: window, rate: rate);
        var measured = recorder.ToMeasurement(scenario);
        var after = metrics is null ? null : await ScrapeAsync(metrics);
        var acknowledged = measured.Count;
        double Per(string key) => before is null || after is null || acknowledged == 0 ? double.NaN : (after.GetValueOrDefault(key) - before.GetValueOrDefault(key)) / acknowledged;

        double Difference(string key) => before is null || after is null ? double.NaN : after.GetValueOrDefault(key) - before.GetValueOrDefault(key);
        var result = new PushResult(scenario, options.Get("--target", "journey"), pass, acknowledged, measured.Failures, measured.Seconds, measured.PerSecond,
            measured.LatencyMs?.P50 ?? 0, measured.LatencyMs?.P99 ?? 0, Per("cpu") * 1e6, Per("allocated"), Per("storage"), measured.FirstFailure)
        {
            CollectorPauses = Difference("pauses"),
            CollectorPausesOver50Ms = Difference("pauses") - Difference("pauses-50ms"),
            PausesOver50MsByGeneration = new[] { "0", "1", "2", "none" }.ToDictionary(g => g, g => Difference($"pauses-g{g}") - Difference($"pauses-50ms-g{g}")),
        };
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result, Json));
        return result.Failed > 0 ? 1 : 0;
    }

    /// <summary>The touchpoints of one run, in the order they are sent.</summary>
    public static List<Touchpoint> Workload(string scenario, string tenant, string prefix, int customers, int pass, DateTimeOffset now)
    {
        var occurredAt = now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var dueDate = now.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var order = Enumerable.Range(0, customers).ToArray();
        if (scenario == "warm")
        {
            // A permutation: no two touchpoints of one customer anywhere near each other.
            new Random(pass).Shuffle(order);
        }

        var workload = new List<Touchpoint>(customers);
        foreach (var i in order)
        {
            var customer = $"{prefix}-{i}";
            var touchpoint = new Touchpoint { Tenant = tenant, CustomerId = customer, CaseId = $"{customer}-inv", OccurredAt = occurredAt, Currency = "EUR" };
            if (scenario == "warm")
            {
                (touchpoint.EventId, touchpoint.Type, touchpoint.Amount) = ($"{customer}-pay-{pass}", TouchpointType.PaymentReceived, "1.00");
            }
            else
            {
                (touchpoint.EventId, touchpoint.Type, touchpoint.Amount, touchpoint.DueDate, touchpoint.Team) = ($"{customer}-inv", TouchpointType.InvoiceIssued, "59.95", dueDate, Team.Billing);
            }

            workload.Add(touchpoint);
        }

        return workload;
    }

    /// <summary>CPU seconds, allocated bytes and bytes sent to storage so far, resident customers and the heap after the last collection, from a Prometheus scrape of the silo.</summary>
    public static async Task<Dictionary<string, double>> ScrapeAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(url);
        var values = new Dictionary<string, double> { ["cpu"] = 0, ["allocated"] = 0, ["storage"] = 0, ["resident"] = 0, ["heap"] = 0, ["pauses"] = 0, ["pauses-50ms"] = 0 };
        foreach (Match line in MetricLine().Matches(text))
        {
            var name = line.Groups["name"].Value;
            if (name is "journey_gc_pause_seconds_bucket" or "journey_gc_pause_seconds_count" && Generation().Match(line.Value) is { Success: true } generation)
            {
                // Per generation: all pauses, and those within 50 ms (the bucket up to 0.05 s).
                var pauseKey = name.EndsWith("_count", StringComparison.Ordinal) ? $"pauses-g{generation.Groups[1].Value}"
                    : line.Value.Contains("le=\"0.05\"", StringComparison.Ordinal) ? $"pauses-50ms-g{generation.Groups[1].Value}" : null;
                if (pauseKey is not null)
                {
                    var pauses = double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
                    values[pauseKey] = values.GetValueOrDefault(pauseKey) + pauses;
                    values[pauseKey.Contains("50ms", StringComparison.Ordinal) ? "pauses-50ms" : "pauses"] += pauses;
                }

                continue;
            }

            var value = double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
            var key = name switch
            {
                _ when name.StartsWith("dotnet_process_cpu_time_seconds", StringComparison.Ordinal) => "cpu",
                _ when name.StartsWith("dotnet_gc_heap_total_allocated_bytes", StringComparison.Ordinal) => "allocated",
                _ when name.StartsWith("journey_storage_bytes", StringComparison.Ordinal) => "storage",
                _ when name.StartsWith("journey_customers_resident", StringComparison.Ordinal) => "resident",
                _ when name.StartsWith("dotnet_gc_last_collection_heap_size_bytes", StringComparison.Ordinal) => "heap",
                _ => null,
            };
            if (key is not null)
            {
                values[key] += value;
            }
        }

        return values;
    }

    /// <summary>
    /// <c>compare [--customers N] [--runs 3] [--storage Memory|Redis] [--peer postgres|off] [--report FILE]</c>: the silo and
    /// the echo in their own processes, every scenario run by a generator process of its own.
    /// </summary>
    public static async Task<int> CompareAsync(CommandLine options)
    {
        if (BuiltSilo(RepositoryRoot()) is null)
        {
            return 2;
        }

        var outcome = await MeasureCompareAsync(options.GetInt("--customers", 100_000), options.GetInt("--runs", 3), options.Get("--storage", "Memory"), options.Get("--peer", "postgres") == "postgres");
        var report = outcome.Report();
        await PublishAsync(report.ToString(), options);

        return outcome.Results.Any(r => r.Failed > 0) ? 1 : 0;
    }

    /// <summary>The scenarios of <c>compare</c> against the silo, the echo and the floor, each run a generator process of its own.</summary>
    public static async Task<CompareOutcome> MeasureCompareAsync(int customers, int runs, string storage, bool withPeer)
    {
        var repository = RepositoryRoot();
        var loadTool = typeof(OutOfProcess).Assembly.Location;
        var siloDll = BuiltSilo(repository)!;

        var (http, grpc, siloPort, gateway, echoPort, floorPort) = (Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort());
        using var redis = storage == "Redis"
            ? await RedisProcess.StartAsync(RedisProcess.FindExecutable() ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server)"))
            : null;
        var siloArguments = SiloArguments(siloDll, repository, http, grpc, siloPort, gateway, $"bench-{Environment.ProcessId}", storage, redis);
        var silo = StartServer("dotnet", siloArguments, Path.GetDirectoryName(siloDll)!);
        using var echo = StartServer("dotnet", [loadTool, "echo-server", "--port", echoPort.ToString(CultureInfo.InvariantCulture)], repository);

        // The design's floor: the echo plus the one grain call per touchpoint that the engine makes, and nothing else.
        using var floor = StartServer("dotnet", [loadTool, "echo-server", "--grain", "true", "--port", floorPort.ToString(CultureInfo.InvariantCulture)], repository);
        try
        {
            await WaitForAsync($"http://127.0.0.1:{http}/health/ready", silo);
            await WaitForPortAsync(echoPort, echo);
            await WaitForPortAsync(floorPort, floor);
            var results = new List<PushResult>();
            var redisInput = new Dictionary<(string Scenario, int Run), double>();
            async Task Run(string scenario, string prefix, int pass, string target, int port, bool measured, string label = "", params string[] extra)
            {
                var inputBefore = redis is not null && target == "journey" ? await redis.InfoAsync("stats", "total_net_input_bytes") : 0;
                var server = target switch { "journey" => silo, "floor" => floor, _ => echo };
                var (serverBefore, redisBefore) = (ProcessCpu(server), redis?.Cpu ?? TimeSpan.Zero);
                var result = await PushProcessAsync(loadTool, repository, port, scenario, prefix, pass, customers, target,
                    target == "journey" ? $"http://127.0.0.1:{http}/metrics" : null, extra);
                var perTouchpoint = Math.Max(1, result.Acknowledged);
                result = result with
                {
                    Scenario = label == "" ? scenario : label,
                    ServerCpuMicros = (ProcessCpu(server) - serverBefore).TotalMicroseconds / perTouchpoint,
                    RedisCpuMicros = redis is null ? double.NaN : (redis.Cpu - redisBefore).TotalMicroseconds / perTouchpoint,
                };
                if (redis is not null && target == "journey" && measured && result.Acknowledged > 0)
                {
                    redisInput[(result.Scenario, pass)] = (await redis.InfoAsync("stats", "total_net_input_bytes") - inputBefore) / result.Acknowledged;
                }

                Console.Error.WriteLine($"{target,-8} {result.Scenario,-14} run {pass}: {result.PerSecond,10:N0}/s  p50 {result.P50Ms:N1} ms  p99 {result.P99Ms:N1} ms  cpu {result.ServerCpuMicros:N0} µs (redis {result.RedisCpuMicros:N0} µs)  alloc {result.AllocatedBytesPerTouchpoint:N0} B  storage {result.StorageBytesPerTouchpoint:N0} B  failed {result.Failed} {result.FirstFailure}");
                if (measured)
                {
                    results.Add(result with { Run = pass });
                }
            }

            // The same pushes once before anything is measured, so that no run pays for the silo's or the echo's start (JIT, first activations).
            await Run("cold-new", "warmup", 1, "journey", grpc, false);
            await Run("warm", "warmup", 1, "journey", grpc, false);
            await Run("cold-new", "warmup", 1, "echo", echoPort, false);
            await Run("cold-new", "warmup", 1, "floor", floorPort, false);
            await Run("warm", "warmup", 1, "floor", floorPort, false);

            for (var run = 1; run <= runs; run++)
            {
                await Run("cold-new", $"r{run}", run, "journey", grpc, true);
                await Run("cold-new", $"r{run}", run, "echo", echoPort, true);
                await Run("cold-new", $"r{run}", run, "floor", floorPort, true);
            }

            for (var run = 1; run <= runs; run++)
            {
                await Run("warm", "r1", run, "journey", grpc, true);
                await Run("warm", "r1", run, "echo", echoPort, true);
                await Run("warm", "r1", run, "floor", floorPort, true);
            }

            // Open loop at half the warm peak: what an ack costs in time when the silo is not saturated.
            var half = Median(results.Where(r => r.Scenario == "warm" && r.Target == "journey").Select(r => r.PerSecond)) / 2;
            var halfRate = half.ToString("0", CultureInfo.InvariantCulture);
            for (var run = 1; run <= runs; run++)
            {
                await Run("warm", "r1", 10 + run, "journey", grpc, true, "warm-half-rate", "--rate", halfRate);
                await Run("warm", "r1", 10 + run, "echo", echoPort, true, "warm-half-rate", "--rate", halfRate);
                await Run("warm", "r1", 10 + run, "floor", floorPort, true, "warm-half-rate", "--rate", halfRate);
            }

            // 64 callers of the unary Push, each waiting for its answer.
            for (var run = 1; run <= runs; run++)
            {
                await Run("warm", "r1", 20 + run, "journey", grpc, true, "unary-64", "--unary", "64");
                await Run("warm", "r1", 20 + run, "echo", echoPort, true, "unary-64", "--unary", "64");
            }

            var scraped = await ScrapeAsync($"http://127.0.0.1:{http}/metrics");
            var resident = (Customers: scraped["resident"], HeapBytes: scraped["heap"]);

            // Stored, not resident: a restarted silo over the same storage takes a payment for every customer (storage that outlives the silo only).
            // cold-stored: the silo stopped as a deploy stops it (SIGTERM: its customers leave snapshots), as a monthly run finds
            // customers long collected as idle; cold-stored-crash: killed (SIGKILL), so every customer replays its log.
            if (redis is not null)
            {
                foreach (var (label, graceful, passes) in new[] { ("cold-stored", true, 30), ("cold-stored-crash", false, 40) })
                {
                    for (var run = 1; run <= runs; run++)
                    {
                        var stopping = Stopwatch.StartNew();
                        if (graceful)
                        {
                            await TerminateAsync(silo);
                        }
                        else
                        {
                            Stop(silo);
                        }

                        Console.Error.WriteLine($"silo stopped ({(graceful ? "SIGTERM" : "SIGKILL")}) in {stopping.Elapsed.TotalSeconds:N1} s");
                        silo.Dispose();
                        silo = StartServer("dotnet", siloArguments, Path.GetDirectoryName(siloDll)!);
                        await WaitForAsync($"http://127.0.0.1:{http}/health/ready", silo);

                        // A monthly run meets a silo that has been serving for a while: other stored customers first (unmeasured),
                        // so that the measured pass pays for activations and reads, not for the restarted process's JIT.
                        await Run("warm", "warmup", passes + 100 + run, "journey", grpc, false, label);
                        await Run("warm", "r1", passes + run, "journey", grpc, true, label);
                        await Run("warm", "r1", passes + run, "echo", echoPort, true, label);
                    }
                }
            }

            var peer = new List<double>();
            if (withPeer)
            {
                for (var run = 1; run <= runs; run++)
                {
                    if (await PostgresPeerAsync(repository, customers) is { } rate)
                    {
                        peer.Add(rate);
                        Console.Error.WriteLine($"peer     postgres  run {run}: {rate,10:N0}/s");
                    }
                }
            }

            return new CompareOutcome(storage, customers, results, peer, resident, redisInput, redis?.FsyncsPerSecond());
        }
        finally
        {
            Stop(silo);
            silo.Dispose();
            Stop(echo);
            Stop(floor);
        }
    }

    /// <summary>Prints a report, and appends it to the file named by <c>--report</c> when one is.</summary>
    private static async Task PublishAsync(string report, CommandLine options)
    {
        Console.WriteLine(report);
        if (options.Find("--report") is { } file)
        {
            await File.AppendAllTextAsync(file, report);
        }
    }

    /// <summary>A single silo's command line for a benchmark: its ports, its own cluster id, the repository's policies, no outbox, warnings only.</summary>
    private static string[] SiloArguments(string siloDll, string repository, int http, int grpc, int siloPort, int gateway, string clusterId, string storage, RedisProcess? redis) =>
    [
        siloDll, "--Journey:Outbox=", $"--Journey:HttpPort={http}", $"--Journey:GrpcPort={grpc}", $"--Journey:SiloPort={siloPort}", $"--Journey:GatewayPort={gateway}",
        $"--Journey:ClusterId={clusterId}", $"--Journey:Storage={storage}", $"--Journey:Policies={Path.Combine(repository, "policies")}",
        "--Logging:LogLevel:Default=Warning",
        .. redis is null ? Array.Empty<string>() : [$"--Journey:Redis={redis.ConnectionString}"],
    ];

    /// <summary>One <c>push</c> run in a generator process of its own; its RESULT line.</summary>
    private static async Task<PushResult> PushProcessAsync(string loadTool, string repository, int port, string scenario, string prefix, int pass, int customers,
        string target, string? metrics, params string[] extra)
    {
        string[] arguments =
        [
            loadTool, "push", "--grpc", $"http://127.0.0.1:{port}", "--scenario", scenario, "--customers", customers.ToString(CultureInfo.InvariantCulture),
            "--prefix", prefix, "--pass", pass.ToString(CultureInfo.InvariantCulture), "--target", target,
            .. metrics is null ? [] : new[] { "--metrics", metrics },
            .. extra,
        ];
        using var push = Start("dotnet", arguments, repository);
        var output = await push.StandardOutput.ReadToEndAsync();
        await push.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"push printed no result:\n{output}\n{await push.StandardError.ReadToEndAsync()}");
        return JsonSerializer.Deserialize<PushResult>(line["RESULT ".Length..], Json)!;
    }

    /// <summary>PostgreSQL, one durable transaction per touchpoint, 16 pgbench clients (load-tests/peer); null where it cannot run.</summary>
    private static async Task<double?> PostgresPeerAsync(string repository, int customers)
    {
        using var peer = Start("bash", [Path.Combine(repository, "load-tests", "peer", "postgres-peer.sh"), "15", customers.ToString(CultureInfo.InvariantCulture)], repository);
        var output = await peer.StandardOutput.ReadToEndAsync();
        var errors = await peer.StandardError.ReadToEndAsync();
        await peer.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("PEER ", StringComparison.Ordinal));
        if (peer.ExitCode != 0 || line is null || !double.TryParse(line[5..], CultureInfo.InvariantCulture, out var rate))
        {
            Console.Error.WriteLine($"the PostgreSQL peer did not run (skipped): {errors.Trim()}");
            return null;
        }

        return rate;
    }

    internal static string Report(List<PushResult> results, int customers, string storage, List<double> peer,
        (double Customers, double HeapBytes) resident, Dictionary<(string Scenario, int Run), double> redisInput, double? fsyncs)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine().AppendLine($"### Out-of-process ingest, {storage} storage, {customers:N0} customers ({DateTimeOffset.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores)").AppendLine();
        text.AppendLine("| scenario | Journey /s (median, min–max) | echo /s (median) | ratio | ack p50 / p99 ms | CPU µs / tp: silo (min–max) · Redis · echo · floor | silo ÷ echo | floor ÷ echo | allocated B / tp | storage B / tp |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var scenario in results.Select(r => r.Scenario).Distinct())
        {
            var journey = results.Where(r => r.Scenario == scenario && r.Target == "journey").ToList();
            var echo = results.Where(r => r.Scenario == scenario && r.Target == "echo").ToList();
            var rate = Median(journey.Select(r => r.PerSecond));
            var echoRate = Median(echo.Select(r => r.PerSecond));
            var (siloCpu, echoCpu) = (Median(journey.Select(r => r.ServerCpuMicros)), Median(echo.Select(r => r.ServerCpuMicros)));
            var redisCpu = Median(journey.Select(r => r.RedisCpuMicros));
            var floorCpu = Median(results.Where(r => r.Scenario == scenario && r.Target == "floor").Select(r => r.ServerCpuMicros));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | {rate:N0} ({journey.Min(r => r.PerSecond):N0}–{journey.Max(r => r.PerSecond):N0}) | {echoRate:N0} | {rate / echoRate:0.00}× | {Median(journey.Select(r => r.P50Ms)):N1} / {Median(journey.Select(r => r.P99Ms)):N1} | {siloCpu:N0} ({journey.Min(r => r.ServerCpuMicros):N0}–{journey.Max(r => r.ServerCpuMicros):N0}) · {(double.IsNaN(redisCpu) ? "–" : redisCpu.ToString("N0", CultureInfo.InvariantCulture))} · {echoCpu:N0} · {(double.IsNaN(floorCpu) ? "–" : floorCpu.ToString("N0", CultureInfo.InvariantCulture))} | {siloCpu / echoCpu:0.0}× | {(double.IsNaN(floorCpu) ? "–" : (floorCpu / echoCpu).ToString("0.0", CultureInfo.InvariantCulture) + "×")} | {Median(journey.Select(r => r.AllocatedBytesPerTouchpoint)):N0} | {Median(journey.Select(r => r.StorageBytesPerTouchpoint)):N0} |");
        }

        text.AppendLine();
        if (results.Any(r => r.Scenario == "warm-half-rate"))
        {
            var journeyP99 = Median(results.Where(r => r.Scenario == "warm-half-rate" && r.Target == "journey").Select(r => r.P99Ms));
            var echoP99 = Median(results.Where(r => r.Scenario == "warm-half-rate" && r.Target == "echo").Select(r => r.P99Ms));
            var floorP99 = Median(results.Where(r => r.Scenario == "warm-half-rate" && r.Target == "floor").Select(r => r.P99Ms));
            var pauses = results.Where(r => r.Scenario == "warm-half-rate" && r.Target == "journey").ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"Ack latency at half the warm peak (open loop): p99 {journeyP99:N1} ms, echo p99 {echoP99:N1} ms, floor (echo + one grain call) p99 {floorP99:N1} ms; the goal max(10 ms, 1.5× echo) is {Math.Max(10, 1.5 * echoP99):N1} ms. The silo's collector paused {pauses.Sum(r => r.CollectorPauses):N0} times in those runs, {pauses.Sum(r => r.CollectorPausesOver50Ms):N0} of them over 50 ms ({LongPauses(pauses)}).");
        }

        if (resident.Customers > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Resident customers at the end: {resident.Customers:N0}; managed heap after the last collection {resident.HeapBytes / (1 << 20):N0} MiB, {resident.HeapBytes / resident.Customers:N0} B per resident customer (an upper bound: it includes everything else the silo holds).");
        }

        if (redisInput.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Redis total_net_input_bytes per acknowledged touchpoint: {string.Join(", ", redisInput.GroupBy(r => r.Key.Scenario).Select(g => $"{g.Key} {Median(g.Select(r => r.Value)):N0} B"))} (compare storage B / tp, what the silo counts it sends).");
        }

        if (fsyncs is { } fsyncRate)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"The file system under Redis takes {fsyncRate:N0} write+fsync rounds a second (4 KiB each): with `appendfsync always` each group commit costs one.");
        }

        text.AppendLine(peer.Count == 0
            ? "Peer: not run (`--peer off`, or PostgreSQL could not be run here)."
            : $"Peer: PostgreSQL, one durable transaction per touchpoint (dedupe insert, receivable update, version bump), pgbench 16 clients: {Median(peer):N0}/s (median of {peer.Count}, {peer.Min():N0}–{peer.Max():N0}); Journey warm is {Median(results.Where(r => r.Scenario == "warm" && r.Target == "journey").Select(r => r.PerSecond)) / Median(peer):0.0}× that.");
        return text.ToString();
    }

    /// <summary>Pauses over 50 ms by generation, summed over runs: "gen 1: 3, gen 2: 1".</summary>
    internal static string LongPauses(IEnumerable<PushResult> runs)
    {
        var byGeneration = runs.SelectMany(r => r.PausesOver50MsByGeneration ?? []).Where(p => !double.IsNaN(p.Value))
            .GroupBy(p => p.Key).Select(g => (Generation: g.Key, Count: g.Sum(p => p.Value))).Where(g => g.Count > 0).ToList();
        return byGeneration.Count == 0 ? "none by generation" : string.Join(", ", byGeneration.Select(g => $"gen {g.Generation}: {g.Count:N0}"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The silo built in Release, or null after saying how to build it.</summary>
    private static string? BuiltSilo(string repository)
    {
        var siloDll = Path.Combine(repository, "silo", "bin", "Release", "net10.0", "Journey.Silo.dll");
        if (File.Exists(siloDll))
        {
            return siloDll;
        }

        Console.Error.WriteLine($"build the silo first: dotnet build -c Release silo ({siloDll} is missing)");
        return null;
    }

    /// <summary>CPU a process has used so far (user + system, from /proc), zero once it has exited.</summary>
    private static TimeSpan ProcessCpu(Process process)
    {
        try
        {
            process.Refresh();
            return process.HasExited ? TimeSpan.Zero : process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>A long-running server (silo, echo, connectors): its output is read and dropped, so that a full pipe never stalls it.</summary>
    private static Process StartServer(string file, IEnumerable<string> arguments, string directory)
    {
        var process = Start(file, arguments, directory);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Process Start(string file, IEnumerable<string> arguments, string directory)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
    }

    /// <summary>Stops the silo as a deployment does: SIGTERM, then up to a minute for it to finish (SIGKILL after that).</summary>
    private static async Task TerminateAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await signal.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            Stop(process);
        }
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    private static async Task WaitForAsync(string url, Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + 90 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited at start: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{url} was not ready within 90 s");
    }

    private static async Task WaitForPortAsync(int port, Process process)
    {
        var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline && !process.HasExited)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"the echo server did not listen on {port}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Journey.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{[^}]*\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex MetricLine();

    [GeneratedRegex("generation=\"([0-9a-z]+)\"")]
    private static partial Regex Generation();
}
