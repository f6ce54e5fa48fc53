using System.Globalization;
using System.Text;
using Journey.LoadTests.Harness;

namespace Journey.LoadTests.Scenarios;

/// <summary>
/// <c>targets [--customers 100000] [--runs 3] [--residents 400000] [--report FILE]</c>: every write-path target in one
/// run — <c>compare</c> on memory and on Redis (with the PostgreSQL peer), the cluster's cost, the managed memory of
/// resident customers — and one table of target, goal, what was measured (median of the runs with min–max, each
/// run's silo set against the echo's run beside it) and whether it is met. Every server and generator is a process of
/// its own; CPU is each whole process's, from /proc.
/// </summary>
public static partial class OutOfProcess
{
    public static async Task<int> TargetsAsync(CommandLine options)
    {
        var customers = options.GetInt("--customers", 100_000);
        var runs = options.GetInt("--runs", 3);
        var residents = options.GetInt("--residents", 400_000);
        if (BuiltSilo(RepositoryRoot()) is null)
        {
            return 2;
        }

        Console.Error.WriteLine("targets: compare, memory storage");
        var memory = await MeasureCompareAsync(customers, runs, "Memory", withPeer: false);
        Console.Error.WriteLine("targets: compare, Redis storage, with the PostgreSQL peer");
        var redis = await MeasureCompareAsync(customers, runs, "Redis", withPeer: true);
        Console.Error.WriteLine("targets: the cluster");
        var cluster = await MeasureClusterAsync(customers, runs);
        Console.Error.WriteLine($"targets: {residents:N0} resident customers");
        var resident = await MeasureResidentsAsync(residents);

        var report = new StringBuilder()
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"### The write path's targets, {customers:N0} customers, {runs} runs ({DateTimeOffset.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores)")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project load-tests -- targets --customers {customers} --runs {runs} --residents {residents}`. Ratios are per run (the silo's run against the echo's run beside it), median (min–max); \"floor\" is the echo plus the one grain call per touchpoint the design makes.")
            .AppendLine()
            .AppendLine("| target | goal | measured: median (min–max) | against the floor | met |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var row in TargetRows(memory, redis, cluster, resident))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {row.Target} | {row.Goal} | {row.Measured} | {row.Floor} | {(row.Met is null ? "–" : row.Met.Value ? "yes" : "**no**")} |");
        }

        report.Append(memory.Report()).Append(redis.Report()).Append(ClusterReport(cluster, customers));
        await PublishAsync(report.ToString(), options);

        return memory.Results.Concat(redis.Results).Any(r => r.Failed > 0) ? 1 : 0;
    }

    private sealed record TargetRow(string Target, string Goal, string Measured, string Floor, bool? Met);

    private static IEnumerable<TargetRow> TargetRows(CompareOutcome memory, CompareOutcome redis, List<ClusterRun> cluster, ResidentMemory resident)
    {
        foreach (var outcome in new[] { memory, redis })
        {
            var silo = Runs(outcome, "warm-half-rate", "journey");
            var echo = Runs(outcome, "warm-half-rate", "echo");
            var floor = Runs(outcome, "warm-half-rate", "floor");
            var goal = Math.Max(10, 1.5 * Median(echo.Select(r => r.P99Ms)));
            var p99 = Median(silo.Select(r => r.P99Ms));
            yield return new($"ack p99 at half the warm peak, {outcome.Storage}", $"≤ max(10 ms, 1.5× echo p99) = {goal:N1} ms",
                $"{p99:N1} ms ({silo.Min(r => r.P99Ms):N1}–{silo.Max(r => r.P99Ms):N1}); echo {Median(echo.Select(r => r.P99Ms)):N1} ms", $"floor p99 {Median(floor.Select(r => r.P99Ms)):N1} ms", p99 <= goal);
            var over = silo.Sum(r => r.CollectorPausesOver50Ms);
            yield return new($"collector pauses over 50 ms at half the peak, {outcome.Storage}", "none", $"{over:N0} of {silo.Sum(r => r.CollectorPauses):N0} pauses ({LongPauses(silo)})", "–", double.IsNaN(over) ? null : over == 0);
        }

        yield return CpuRatio("silo CPU / tp, warm, memory", memory, "warm", 1.5);
        yield return CpuRatio("silo CPU / tp, warm, Redis", redis, "warm", 2.0);
        yield return CpuRatio("silo CPU / tp, new customers, memory", memory, "cold-new", 2.5);
        yield return CpuRatio("silo CPU / tp, stored customers (not resident), Redis", redis, "cold-stored", 3.5);

        var redisWarm = Runs(redis, "warm", "journey");
        var echoWarm = Runs(redis, "warm", "echo");
        var redisRatios = Paired(redisWarm, echoWarm, (j, e) => j.RedisCpuMicros / e.ServerCpuMicros);
        yield return new("Redis's own CPU / tp, warm", "≤ 0.5× echo", Spread(redisRatios, "×"), "–", Median(redisRatios) <= 0.5);

        foreach (var (scenario, label, goal) in new[] { ("warm", "warm", 8.0), ("cold-new", "new customers", 5.0) })
        {
            if (redis.Peer.Count == 0)
            {
                yield return new($"Redis {label} ÷ the PostgreSQL peer", $"≥ {goal:0}×", "the peer could not run here", "–", null);
                continue;
            }

            var ratios = Runs(redis, scenario, "journey").Select(r => r.PerSecond / Median(redis.Peer)).ToList();
            yield return new($"Redis {label} ÷ the PostgreSQL peer", $"≥ {goal:0}×", $"{Spread(ratios, "×")} (peer {Median(redis.Peer):N0}/s)", "–", Median(ratios) >= goal);
        }

        yield return new($"managed memory per resident customer at {resident.Residents:N0}", "≤ 3 KiB",
            $"{resident.MarginalBytes:N0} B each added (heap after the last collection: {resident.UpperBoundBytes:N0} B per resident, everything included)", "–", resident.MarginalBytes <= 3 * 1024);

        var one = Median(cluster.Where(r => r.Configuration == "one silo").Select(r => r.TotalCpuMicros));
        foreach (var configuration in new[] { "two silos", "two silos behind an API host" })
        {
            var ratios = cluster.Where(r => r.Configuration == configuration).Select(r => r.TotalCpuMicros / one).ToList();
            yield return new($"{configuration}: CPU / tp of all processes ÷ one silo's", "≤ 1.3×", Spread(ratios, "×"), "–", ratios.Count == 0 ? null : Median(ratios) <= 1.3);
        }
    }

    private static TargetRow CpuRatio(string target, CompareOutcome outcome, string scenario, double goal)
    {
        var silo = Runs(outcome, scenario, "journey");
        var echo = Runs(outcome, scenario, "echo");
        var floor = Runs(outcome, scenario, "floor");
        if (silo.Count == 0)
        {
            return new(target, $"≤ {goal:0.0}× echo", "not measured (needs storage that outlives the silo)", "–", null);
        }

        var ratios = Paired(silo, echo, (s, e) => s.ServerCpuMicros / e.ServerCpuMicros);
        var floorRatios = Paired(silo, floor, (s, f) => s.ServerCpuMicros / f.ServerCpuMicros);
        return new(target, $"≤ {goal:0.0}× echo", $"{Spread(ratios, "×")}; silo {Median(silo.Select(r => r.ServerCpuMicros)):N0} µs, echo {Median(echo.Select(r => r.ServerCpuMicros)):N0} µs",
            floorRatios.Count == 0 ? "–" : $"silo ÷ floor {Spread(floorRatios, "×")}", Median(ratios) <= goal);
    }

    private static List<PushResult> Runs(CompareOutcome outcome, string scenario, string target) =>
        [.. outcome.Results.Where(r => r.Scenario == scenario && r.Target == target).OrderBy(r => r.Run)];

    /// <summary>Each run of one target against the run of the other with the same number (they ran one after the other).</summary>
    private static List<double> Paired(List<PushResult> these, List<PushResult> those, Func<PushResult, PushResult, double> ratio) =>
        [.. these.Join(those, r => r.Run, r => r.Run, ratio).Where(v => !double.IsNaN(v) && !double.IsInfinity(v))];

    private static string Spread(List<double> values, string unit) =>
        values.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{Median(values):0.00}{unit} ({values.Min():0.00}–{values.Max():0.00})");
}

/// <summary>Managed memory of resident customers: the heap after the last collection per resident, and what each customer added past the first quarter.</summary>
public sealed record ResidentMemory(int Residents, double UpperBoundBytes, double MarginalBytes);

public static partial class OutOfProcess
{
    /// <summary>
    /// A memory-storage silo takes a new customer's invoice for a quarter of <paramref name="residents"/>, then for the
    /// rest: the heap's growth between the two scrapes divided by the customers added is what each resident costs,
    /// without the silo's fixed part (caches, the JIT's, Orleans' own).
    /// </summary>
    public static async Task<ResidentMemory> MeasureResidentsAsync(int residents)
    {
        var repository = RepositoryRoot();
        var loadTool = typeof(OutOfProcess).Assembly.Location;
        var siloDll = BuiltSilo(repository)!;
        var (http, grpc) = (Loopback.FreePort(), Loopback.FreePort());
        using var silo = StartServer("dotnet",
            SiloArguments(siloDll, repository, http, grpc, Loopback.FreePort(), Loopback.FreePort(), $"residents-{Environment.ProcessId}", "Memory", redis: null),
            Path.GetDirectoryName(siloDll)!);
        try
        {
            await WaitForAsync($"http://127.0.0.1:{http}/health/ready", silo);
            var metrics = $"http://127.0.0.1:{http}/metrics";
            var quarter = residents / 4;
            await PushProcessAsync(loadTool, repository, grpc, "cold-new", "res-a", 1, quarter, "journey", null);
            var first = await ScrapeAsync(metrics);
            await PushProcessAsync(loadTool, repository, grpc, "cold-new", "res-b", 1, residents - quarter, "journey", null);
            var second = await ScrapeAsync(metrics);
            var marginal = (second["heap"] - first["heap"]) / Math.Max(1, second["resident"] - first["resident"]);
            Console.Error.WriteLine($"residents {first["resident"]:N0} → {second["resident"]:N0}; heap {first["heap"] / (1 << 20):N0} → {second["heap"] / (1 << 20):N0} MiB; {marginal:N0} B each added");
            return new ResidentMemory((int)second["resident"], second["heap"] / Math.Max(1, second["resident"]), marginal);
        }
        finally
        {
            Stop(silo);
        }
    }
}
