namespace Journey.LoadTests;

public sealed record CommandLine(string Command, string GrpcAddress, string Tenant, string CustomerId)
{
    public static CommandLine Parse(string[] args)
    {
        string Option(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new CommandLine(
            args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "sample",
            Option("--grpc", "http://127.0.0.1:5081"),
            Option("--tenant", "webshop"),
            Option("--customer", $"demo-{DateTimeOffset.UtcNow:HHmmss}"));
    }
}
