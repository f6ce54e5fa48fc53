using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Journey.LoadTests.Harness;

namespace Journey.LoadTests.Scenarios;

/// <summary>
/// <c>gc-curve [--budgets 0,2,4,8,16,32,64] [--storage Memory|Redis] [--customers 100000] [--rate 6000] [--runs 2] [--report FILE]</c>:
/// the silo's gen-0 budget (<c>System.GC.Gen0MaxBudget</c>, MB; 0 = the runtime's own) against ack latency at a fixed
/// open-loop rate and CPU per touchpoint at the peak. Each budget gets a fresh silo started with a copy of its built
/// runtimeconfig that differs in that one property (the only form of the setting that takes effect on .NET 10),
/// warmed for at least 30 s under the same load before anything is measured; collections by generation and every
/// pause come from the silo's own /metrics, so the table shows the setting by its effect.
/// </summary>
public static partial class OutOfProcess
{
    public sealed record CurvePoint(double BudgetMb, string Storage, double PeakPerSecond, double PeakCpuMicros, double HalfP50Ms, double HalfP99Ms,
        double Gen0PerMinute, double Gen1PerMinute, double Gen2PerMinute, double PauseMsPerSecond, double LongestPauseBucketMs, long PausesOver50Ms);

    public static async Task<int> CollectorCurveAsync(CommandLine options)
    {
        var budgets = options.Get("--budgets", "0,2,4,8,16,32,64").Split(',').Select(b => double.Parse(b, CultureInfo.InvariantCulture)).ToArray();
        var storage = options.Get("--storage", "Memory");
        var customers = options.GetInt("--customers", 100_000);
        var rate = options.GetInt("--rate", 6000);
        var runs = options.GetInt("--runs", 2);
        var repository = RepositoryRoot();
        var loadTool = typeof(OutOfProcess).Assembly.Location;
        if (BuiltSilo(repository) is not { } siloDll)
        {
            return 2;
        }

        var siloDirectory = Path.GetDirectoryName(siloDll)!;

        // The echo at the same open-loop rate: the client's and the machine's own tail.
        var echoPort = Loopback.FreePort();
        var echoP99 = new List<double>();
        using (var echo = StartServer("dotnet", [loadTool, "echo-server", "--port", echoPort.ToString(CultureInfo.InvariantCulture)], repository))
        {
            await WaitForPortAsync(echoPort, echo);
            await WarmAsync(loadTool, repository, echoPort, customers, "echo", null);
            for (var run = 1; run <= runs; run++)
            {
                var result = await PushProcessAsync(loadTool, repository, echoPort, "warm", "r1", 10 + run, customers, "echo", null, "--rate", rate.ToString(CultureInfo.InvariantCulture));
                echoP99.Add(result.P99Ms);
                Console.Error.WriteLine($"echo     half-rate run {run}: p99 {result.P99Ms:N1} ms");
            }

            Stop(echo);
        }

        var points = new List<CurvePoint>();
        foreach (var budget in budgets)
        {
            var runtimeConfig = WriteRuntimeConfig(siloDirectory, budget);
            using var redis = storage == "Redis"
                ? await RedisProcess.StartAsync(RedisProcess.FindExecutable() ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server)"))
                : null;
            var (http, grpc, siloPort, gateway) = (Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort());
            string[] arguments =
            [
                "exec", "--runtimeconfig", runtimeConfig, siloDll, $"--Journey:HttpPort={http}", $"--Journey:GrpcPort={grpc}", $"--Journey:SiloPort={siloPort}",
                $"--Journey:GatewayPort={gateway}", $"--Journey:ClusterId=curve-{Environment.ProcessId}", $"--Journey:Storage={storage}",
                $"--Journey:Policies={Path.Combine(repository, "policies")}", "--Logging:LogLevel:Default=Warning", "--Journey:Outbox=",
                .. redis is null ? Array.Empty<string>() : [$"--Journey:Redis={redis.ConnectionString}", "--Journey:Clustering=Redis"],
            ];
            using var silo = StartServer("dotnet", arguments, siloDirectory);
            try
            {
                var metrics = $"http://127.0.0.1:{http}/metrics";
                await WaitForAsync($"http://127.0.0.1:{http}/health/ready", silo);
                await WarmAsync(loadTool, repository, grpc, customers, "journey", metrics);

                var peak = new List<OutOfProcess.PushResult>();
                for (var run = 1; run <= runs; run++)
                {
                    peak.Add(await PushProcessAsync(loadTool, repository, grpc, "warm", "r1", run, customers, "journey", metrics));
                }

                var half = new List<(OutOfProcess.PushResult Result, Dictionary<string, double> Before, Dictionary<string, double> After)>();
                for (var run = 1; run <= runs; run++)
                {
                    var before = await ScrapeAllAsync(metrics);
                    var result = await PushProcessAsync(loadTool, repository, grpc, "warm", "r1", 10 + run, customers, "journey", metrics, "--rate", rate.ToString(CultureInfo.InvariantCulture));
                    half.Add((result, before, await ScrapeAllAsync(metrics)));
                }

                double Delta(string key) => Median(half.Select(h => h.After.GetValueOrDefault(key) - h.Before.GetValueOrDefault(key)));
                var seconds = Median(half.Select(h => h.Result.Seconds));
                var point = new CurvePoint(budget, storage, Median(peak.Select(p => p.PerSecond)), Median(peak.Select(p => p.CpuMicrosPerTouchpoint)),
                    Median(half.Select(h => h.Result.P50Ms)), Median(half.Select(h => h.Result.P99Ms)),
                    Delta("gen0") / seconds * 60, Delta("gen1") / seconds * 60, Delta("gen2") / seconds * 60, Delta("pause") * 1000 / seconds,
                    half.Max(h => LongestPauseBucket(h.Before, h.After)), (long)half.Sum(h => PausesOver(h.Before, h.After, 0.05)));
                points.Add(point);
                Console.Error.WriteLine($"budget {budget} MB: peak {point.PeakPerSecond:N0}/s {point.PeakCpuMicros:N0} µs/tp; at {rate}/s p50 {point.HalfP50Ms:N1} p99 {point.HalfP99Ms:N1} ms, " +
                    $"gen0 {point.Gen0PerMinute:N0}/min gen1 {point.Gen1PerMinute:N0}/min, longest pause ≤ {point.LongestPauseBucketMs:N0} ms, over 50 ms: {point.PausesOver50Ms}");
            }
            finally
            {
                Stop(silo);
                File.Delete(runtimeConfig);
            }
        }

        var report = CurveReport(points, storage, customers, rate, Median(echoP99));
        await PublishAsync(report.ToString(), options);

        return 0;
    }

    /// <summary>A cold-new pass, then warm passes until the process has run under load for at least 30 s.</summary>
    private static async Task WarmAsync(string loadTool, string repository, int port, int customers, string target, string? metrics)
    {
        var warming = Stopwatch.StartNew();
        await PushProcessAsync(loadTool, repository, port, "cold-new", "r1", 1, customers, target, metrics);
        for (var pass = 100; warming.Elapsed < TimeSpan.FromSeconds(30) && pass < 130; pass++)
        {
            await PushProcessAsync(loadTool, repository, port, "warm", "r1", pass, customers, target, metrics);
        }
    }

    private static string WriteRuntimeConfig(string siloDirectory, double budgetMb)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(siloDirectory, "Journey.Silo.runtimeconfig.json")))!;
        var properties = config["runtimeOptions"]!["configProperties"]!.AsObject();
        properties.Remove("System.GC.Gen0MaxBudget");
        if (budgetMb > 0)
        {
            properties["System.GC.Gen0MaxBudget"] = (long)(budgetMb * 1_000_000);
        }

        var path = Path.Combine(Path.GetTempPath(), $"journey-curve-{Environment.ProcessId}-{budgetMb}.runtimeconfig.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    /// <summary>Collections by generation, pause seconds and the pause histogram's buckets, from one scrape.</summary>
    private static async Task<Dictionary<string, double>> ScrapeAllAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(url);
        var values = new Dictionary<string, double>();
        foreach (Match line in LabelledMetricLine().Matches(text))
        {
            var (name, labels) = (line.Groups["name"].Value, line.Groups["labels"].Value);
            var value = double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
            if (name == "dotnet_gc_collections_total" && Regex.Match(labels, "gc_heap_generation=\"(gen[012])\"") is { Success: true } generation)
            {
                values[generation.Groups[1].Value] = value;
            }
            else if (name == "dotnet_gc_pause_time_seconds_total")
            {
                values["pause"] = value;
            }
            else if (name == "journey_gc_pause_seconds_bucket" && Regex.Match(labels, "le=\"([^\"]+)\"") is { Success: true } bound)
            {
                values["le:" + bound.Groups[1].Value] = value;
            }
        }

        return values;
    }

    private static double PausesOver(Dictionary<string, double> before, Dictionary<string, double> after, double seconds)
    {
        var bound = "le:" + seconds.ToString(CultureInfo.InvariantCulture);
        double Count(Dictionary<string, double> d) => d.GetValueOrDefault("le:+Inf") - d.GetValueOrDefault(bound);
        return Count(after) - Count(before);
    }

    /// <summary>The upper bound (ms) of the bucket that holds the longest pause of the window: the smallest bound whose cumulative count gained every pause.</summary>
    private static double LongestPauseBucket(Dictionary<string, double> before, Dictionary<string, double> after)
    {
        double Gained(string key) => after.GetValueOrDefault(key) - before.GetValueOrDefault(key);
        var total = Gained("le:+Inf");
        if (total <= 0)
        {
            return 0;
        }

        var bounds = after.Keys.Where(k => k.StartsWith("le:", StringComparison.Ordinal) && k != "le:+Inf")
            .Select(k => double.Parse(k[3..], CultureInfo.InvariantCulture)).Order();
        foreach (var bound in bounds)
        {
            if (Gained("le:" + bound.ToString(CultureInfo.InvariantCulture)) >= total)
            {
                return bound * 1000;
            }
        }

        return double.PositiveInfinity;
    }

    private static string CurveReport(List<CurvePoint> points, string storage, int customers, int rate, double echoP99)
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"### The gen-0 budget curve, {storage} storage, {customers:N0} customers, open loop at {rate:N0}/s ({DateTimeOffset.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores)").AppendLine();
        text.AppendLine("| gen-0 budget | peak /s | CPU µs / tp at peak | ack p50 / p99 ms at the rate | gen0 / gen1 / gen2 per min | pause ms / s | longest pause ≤ ms | pauses > 50 ms |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var p in points)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {(p.BudgetMb == 0 ? "runtime's own" : $"{p.BudgetMb:0.#} MB")} | {p.PeakPerSecond:N0} | {p.PeakCpuMicros:N0} | {p.HalfP50Ms:N1} / {p.HalfP99Ms:N1} | {p.Gen0PerMinute:N0} / {p.Gen1PerMinute:N0} / {p.Gen2PerMinute:N0} | {p.PauseMsPerSecond:N1} | {p.LongestPauseBucketMs:N0} | {p.PausesOver50Ms} |");
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"The echo at the same rate: p99 {echoP99:N1} ms (median of its runs).");
        return text.ToString();
    }

    [GeneratedRegex(@"^(?<name>[a-z_0-9]+)(\{(?<labels>[^}]*)\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex LabelledMetricLine();
}
