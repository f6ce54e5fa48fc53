using Journey.LoadTests;
using Journey.LoadTests.Harness;
using Journey.LoadTests.Scenarios;
using Journey.LoadTests.Workload;

// Usage (from the repository root):
//   dotnet run -c Release --project load-tests -- run [--customers 100000] [--seconds 20] [--streams 8] [--callers 64] [--seed 42]
//        [--resident 20000] [--days 30] [--read-rate 5000] [--redis auto|off] [--workload FILE.ndjson] [--report docs/benchmarks.md] [--json docs/benchmarks/latest.json]
//   dotnet run -c Release --project load-tests -- population --out FILE.ndjson [--customers 100000] [--seed 42]
//   dotnet run --project load-tests -- sample [--grpc http://127.0.0.1:5081] [--tenant webshop] [--customer demo-1]
//   dotnet run -c Release --project load-tests -- subscription-latency [--events 500] [--http http://127.0.0.1:5080] [--grpc ...] [--report docs/benchmarks.md]
//   dotnet run -c Release --project load-tests -- compare [--customers 100000] [--runs 3] [--storage Memory|Redis] [--report docs/benchmarks.md]
//        (silo, echo server and generator each in a process of their own; build the silo in Release first)
//   dotnet run -c Release --project load-tests -- gc-curve [--budgets 0,2,4,8,16,32,64] [--storage Memory|Redis] [--rate 6000] [--runs 2] [--report docs/benchmarks.md]
//        (the silo's gen-0 budget against ack latency at a fixed open-loop rate and CPU at the peak; a fresh silo per budget)
//   dotnet run -c Release --project load-tests -- cluster [--customers 100000] [--runs 3] [--report docs/benchmarks.md]
//        (one silo, two silos, two silos behind an API host on Redis: CPU of every process per touchpoint, warm)
//   dotnet run -c Release --project load-tests -- targets [--customers 100000] [--runs 3] [--residents 400000] [--report docs/benchmarks.md]
//        (every write-path target in one run: compare on memory and Redis with the PostgreSQL peer, the cluster, resident memory; one table)
//   dotnet run -c Release --project load-tests -- resident-heap [--customers 100000] [--passes 5] [--top 20] [--report docs/benchmarks.md]
//        (what a resident customer is made of: a heap dump of a memory silo summed by type, bytes per customer)
//   dotnet run -c Release --project load-tests -- connectors [--emails 10000] [--letters 2000] [--rate 500] [--report docs/benchmarks.md]
//        (messages through the connectors process: per channel, CPU per message, 10,000 reminders at 07:00 under a rate limit)
//   dotnet run -c Release --project load-tests -- queue [--touchpoints 20000] [--lines 100000] [--report docs/benchmarks.md]
//        (touchpoints through Azurite's queues against the gRPC stream, CPU of the silo and the emulator; the CSV import's rate)
//   dotnet run -c Release --project load-tests -- fairness [--grpc http://127.0.0.1:5081] [--customers 100000] [--probe-rate 50]
//        (against a running silo: another tenant's ack latency beside one tenant's invoice run)
//   dotnet run -c Release --project load-tests -- step-alloc [--customers 5000] [--policy policies/webshop.yaml] [--report docs/benchmarks.md]
//        (bytes the pure step allocates for a warm payment, phase by phase)
//   dotnet run -c Release --project load-tests -- decisions [--iterations 200000] [--policy policies/webshop.yaml] [--report docs/benchmarks.md]
var options = CommandLine.Parse(args);
return options.Command switch
{
    "run" => await RunBenchmarkAsync(options),
    "population" => WritePopulation(options),
    "sample" => await SampleJourney.RunAsync(options),
    "subscription-latency" => await SubscriptionLatency.RunAsync(options),
    "compare" => await OutOfProcess.CompareAsync(options),
    "gc-curve" => await OutOfProcess.CollectorCurveAsync(options),
    "cluster" => await OutOfProcess.ClusterCostAsync(options),
    "targets" => await OutOfProcess.TargetsAsync(options),
    "resident-heap" => await OutOfProcess.ResidentHeapAsync(options),
    "connectors" => await OutOfProcess.ConnectorsAsync(options),
    "queue" => await OutOfProcess.QueueAsync(options),
    "push" => await OutOfProcess.PushAsync(options),
    "echo-server" => await OutOfProcess.ServeEchoAsync(options),
    "fairness" => await TenantFairness.RunAsync(options),
    "step-alloc" => StepAllocation.Run(options.Get("--policy", "policies/webshop.yaml"), options.GetInt("--customers", 5_000), options.Find("--report")),
    "decisions" => DecisionBenchmark.Run(options.Get("--policy", "policies/webshop.yaml"), options.GetInt("--iterations", 200_000), options.Find("--report")),
    _ => Usage(),
};

static async Task<int> RunBenchmarkAsync(CommandLine options)
{
    var command = "dotnet run -c Release --project load-tests -- " + string.Join(' ', options.Arguments);
    var benchmark = new Benchmark(BenchmarkSettings.From(options));
    await benchmark.RunAsync();

    var markdown = ResultsReport.Markdown("Throughput, latency and memory against baselines", command, benchmark.Results);
    Console.WriteLine(markdown);
    ResultsReport.WriteJson(options.Get("--json", "docs/benchmarks/latest.json"), command, benchmark.Results);
    if (options.Find("--report") is { } report)
    {
        ResultsReport.Append(report, markdown);
    }

    var failures = benchmark.Results.Sum(r => r.Failures);
    if (failures > 0)
    {
        Console.Error.WriteLine($"{failures} requests failed");
        return 1;
    }

    return 0;
}

static int WritePopulation(CommandLine options)
{
    var population = new Population(options.GetInt("--customers", 100_000), options.GetInt("--seed", 42), Benchmark.End);
    var touchpoints = population.Generate();
    var path = options.Get("--out", "population.ndjson");
    Population.WriteNdjson(touchpoints, path);
    Console.Error.WriteLine($"{touchpoints.Count:N0} touchpoints of {population.Customers:N0} customers written to {path}");
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: load-tests run [options] | population --out FILE | sample | subscription-latency | decisions (see load-tests/Program.cs)");
    return 2;
}
