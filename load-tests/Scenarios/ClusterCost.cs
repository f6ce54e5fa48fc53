using System.Diagnostics;
using System.Globalization;
using System.Text;
using Journey.LoadTests.Harness;

namespace Journey.LoadTests.Scenarios;

/// <summary>
/// <c>cluster [--customers 100000] [--runs 3] [--report FILE]</c>: what a touchpoint costs the whole deployment
/// as it grows — one silo, two silos, two silos behind an API host (<c>Journey:Role=Api</c>) — all on Redis
/// storage and Redis clustering (<c>appendfsync always</c>), driven by the same client (two generator processes
/// of four streams each, half the customers each, to the one entry point or one each to the two silos). Every
/// configuration gets fresh processes and a fresh Redis, is warmed under the same load for at least 30 s, then
/// measured: the CPU of every process (silos, API host, Redis; from /proc) per acknowledged touchpoint.
/// </summary>
public static partial class OutOfProcess
{
    public sealed record ClusterRun(string Configuration, double PerSecond, double P99Ms, IReadOnlyDictionary<string, double> CpuMicros)
    {
        public double TotalCpuMicros => CpuMicros.Values.Sum();
    }

    public static async Task<int> ClusterCostAsync(CommandLine options)
    {
        var customers = options.GetInt("--customers", 100_000);
        if (BuiltSilo(RepositoryRoot()) is null)
        {
            return 2;
        }

        var measured = await MeasureClusterAsync(customers, options.GetInt("--runs", 3));
        var report = ClusterReport(measured, customers);
        await PublishAsync(report.ToString(), options);

        return 0;
    }

    /// <summary>Each configuration's warm runs (fresh processes and a fresh Redis per configuration).</summary>
    public static async Task<List<ClusterRun>> MeasureClusterAsync(int customers, int runs)
    {
        var repository = RepositoryRoot();
        var loadTool = typeof(OutOfProcess).Assembly.Location;
        var siloDll = BuiltSilo(repository)!;
        var siloDirectory = Path.GetDirectoryName(siloDll)!;

        var measured = new List<ClusterRun>();
        foreach (var (configuration, silos, apiHost) in new[] { ("one silo", 1, false), ("two silos", 2, false), ("two silos behind an API host", 2, true) })
        {
            using var redis = await RedisProcess.StartAsync(RedisProcess.FindExecutable() ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server)"));
            var cluster = $"cluster-{Environment.ProcessId}-{measured.Count}";
            var processes = new List<(string Name, Process Process, int Http, int Grpc)>();
            try
            {
                for (var i = 0; i < silos; i++)
                {
                    var (http, grpc) = (Loopback.FreePort(), Loopback.FreePort());
                    var silo = StartServer("dotnet", ClusterArguments(siloDll, repository, redis, cluster, http, grpc, apiHost ? "Silo" : "All"), siloDirectory);
                    processes.Add(($"silo {i + 1}", silo, http, grpc));
                    await WaitForAsync($"http://127.0.0.1:{http}/health/ready", silo);
                }

                if (apiHost)
                {
                    var (http, grpc) = (Loopback.FreePort(), Loopback.FreePort());
                    var api = StartServer("dotnet", ClusterArguments(siloDll, repository, redis, cluster, http, grpc, "Api"), siloDirectory);
                    processes.Add(("API host", api, http, grpc));
                    await WaitForAsync($"http://127.0.0.1:{http}/health/ready", api);
                }

                // Where the two generators connect: the API host, or one silo each (both to the one silo alone).
                var entry = apiHost ? [processes[^1].Grpc, processes[^1].Grpc] : new[] { processes[0].Grpc, processes[^1].Grpc };
                async Task<(long Acknowledged, double Seconds, double P99Ms)> PassAsync(string scenario, int pass)
                {
                    var results = await Task.WhenAll(entry.Select((port, i) => PushProcessAsync(loadTool, repository, port, scenario, i == 0 ? "a" : "b", pass,
                        customers / 2, "journey", null, "--streams", "4")));
                    foreach (var failed in results.Where(r => r.Failed > 0))
                    {
                        Console.Error.WriteLine($"{configuration}: {failed.Failed} failed ({failed.FirstFailure})");
                    }

                    return (results.Sum(r => r.Acknowledged), results.Max(r => r.Seconds), results.Max(r => r.P99Ms));
                }

                var warming = Stopwatch.StartNew();
                await PassAsync("cold-new", 1);
                for (var pass = 100; warming.Elapsed < TimeSpan.FromSeconds(30) && pass < 130; pass++)
                {
                    await PassAsync("warm", pass);
                }

                for (var run = 1; run <= runs; run++)
                {
                    var before = processes.ToDictionary(p => p.Name, p => ProcessCpu(p.Process));
                    var redisBefore = redis.Cpu;
                    var (acknowledged, seconds, p99) = await PassAsync("warm", run);
                    var cpu = processes.ToDictionary(p => p.Name, p => (ProcessCpu(p.Process) - before[p.Name]).TotalMicroseconds / Math.Max(1, acknowledged));
                    cpu["Redis"] = (redis.Cpu - redisBefore).TotalMicroseconds / Math.Max(1, acknowledged);
                    var result = new ClusterRun(configuration, acknowledged / seconds, p99, cpu);
                    measured.Add(result);
                    Console.Error.WriteLine($"{configuration,-30} run {run}: {result.PerSecond,8:N0}/s  p99 {p99:N1} ms  CPU µs/tp {string.Join("  ", cpu.Select(c => $"{c.Key} {c.Value:N0}"))}  total {result.TotalCpuMicros:N0}");
                }
            }
            finally
            {
                foreach (var (_, process, _, _) in processes)
                {
                    Stop(process);
                    process.Dispose();
                }
            }
        }

        return measured;
    }

    private static string[] ClusterArguments(string siloDll, string repository, RedisProcess redis, string cluster, int http, int grpc, string role) =>
    [
        siloDll, $"--Journey:Role={role}", $"--Journey:HttpPort={http}", $"--Journey:GrpcPort={grpc}", $"--Journey:SiloPort={Loopback.FreePort()}",
        $"--Journey:GatewayPort={Loopback.FreePort()}", $"--Journey:ClusterId={cluster}", "--Journey:Storage=Redis", "--Journey:Clustering=Redis",
        $"--Journey:Redis={redis.ConnectionString}", $"--Journey:Policies={Path.Combine(repository, "policies")}", "--Logging:LogLevel:Default=Warning",
        "--Journey:Outbox=",
    ];

    private static string ClusterReport(List<ClusterRun> runs, int customers)
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"### What a touchpoint costs the deployment, Redis storage and clustering, {customers:N0} customers, warm ({DateTimeOffset.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores)").AppendLine();
        text.AppendLine("| configuration | touchpoints /s (median, min–max) | ack p99 ms | CPU µs / tp by process (median) | all processes µs / tp (min–max) | ÷ one silo |");
        text.AppendLine("|---|---|---|---|---|---|");
        var oneSilo = Median(runs.Where(r => r.Configuration == "one silo").Select(r => r.TotalCpuMicros));
        foreach (var configuration in runs.Select(r => r.Configuration).Distinct())
        {
            var these = runs.Where(r => r.Configuration == configuration).ToList();
            var total = Median(these.Select(r => r.TotalCpuMicros));
            var byProcess = string.Join(", ", these[0].CpuMicros.Keys.Select(name => $"{name} {Median(these.Select(r => r.CpuMicros[name])):N0}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {configuration} | {Median(these.Select(r => r.PerSecond)):N0} ({these.Min(r => r.PerSecond):N0}–{these.Max(r => r.PerSecond):N0}) | {Median(these.Select(r => r.P99Ms)):N1} | {byProcess} | {total:N0} ({these.Min(r => r.TotalCpuMicros):N0}–{these.Max(r => r.TotalCpuMicros):N0}) | {total / oneSilo:0.00}× |");
        }

        return text.ToString();
    }
}
