using Journey.LoadTests;

// Usage:
//   dotnet run --project load-tests -- sample [--grpc http://127.0.0.1:5081] [--tenant webshop] [--customer demo-1]
//   dotnet run -c Release --project load-tests -- subscription-latency [--events 500] [--http http://127.0.0.1:5080] [--grpc ...] [--report docs/benchmarks.md]
//   dotnet run -c Release --project load-tests -- decisions [--iterations 200000] [--policy policies/webshop.yaml] [--report docs/benchmarks.md]
var options = CommandLine.Parse(args);
return options.Command switch
{
    "sample" => await SampleJourney.RunAsync(options),
    "subscription-latency" => await SubscriptionLatency.RunAsync(options),
    "decisions" => DecisionBenchmark.Run(options.Get("--policy", "policies/webshop.yaml"), int.Parse(options.Get("--iterations", "200000"), System.Globalization.CultureInfo.InvariantCulture), options.Find("--report")),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: load-tests sample [--grpc URL] [--tenant T] [--customer ID] | subscription-latency [--events N] [--report FILE] | decisions [--iterations N] [--policy FILE] [--report FILE]");
    return 2;
}
