namespace Journey.LoadTests;

public sealed record CommandLine(string Command, string[] Arguments)
{
    public string GrpcAddress => Get("--grpc", "http://127.0.0.1:5081");

    public string Tenant => Get("--tenant", "webshop");

    public string CustomerId => Get("--customer", $"demo-{DateTimeOffset.UtcNow:HHmmss}");

    public static CommandLine Parse(string[] args) =>
        new(args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "sample", args);

    public string? Find(string name)
    {
        var index = Array.IndexOf(Arguments, name);
        return index >= 0 && index + 1 < Arguments.Length ? Arguments[index + 1] : null;
    }

    public string Get(string name, string fallback) => Find(name) ?? fallback;

    public int GetInt(string name, int fallback) =>
        Find(name) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
