using Journey.LoadTests;

// For now: pushes one sample journey over gRPC and prints what the engine made of it.
// Usage: dotnet run --project load-tests -- sample [--grpc http://127.0.0.1:5081] [--tenant webshop] [--customer demo-1]
var options = CommandLine.Parse(args);
if (options.Command != "sample")
{
    Console.Error.WriteLine("usage: load-tests sample [--grpc URL] [--tenant T] [--customer ID]");
    return 2;
}

return await SampleJourney.RunAsync(options);
