using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Journey.LoadTests.Harness;

namespace Journey.LoadTests.Scenarios;

/// <summary>
/// <c>resident-heap [--customers 100000] [--passes 5] [--top 20] [--report FILE]</c>: what a resident customer is made
/// of. A memory silo takes a new customer's invoice for each customer, then <c>passes</c> warm passes (a payment each);
/// a heap dump of the silo (<c>dotnet-gcdump</c>, installed into <c>.tools/dotnet</c> when missing) is summed by type
/// and printed as bytes per customer, largest first, with the live heap's total per customer.
/// </summary>
public static partial class OutOfProcess
{
    private const string GcDumpVersion = "10.0.750501";

    public static async Task<int> ResidentHeapAsync(CommandLine options)
    {
        var customers = options.GetInt("--customers", 100_000);
        var passes = options.GetInt("--passes", 5);
        var top = options.GetInt("--top", 20);
        var repository = RepositoryRoot();
        if (BuiltSilo(repository) is not { } siloDll || await GcDumpAsync(repository) is not { } gcdump)
        {
            return 2;
        }

        var loadTool = typeof(OutOfProcess).Assembly.Location;
        var (http, grpc) = (Loopback.FreePort(), Loopback.FreePort());
        using var silo = StartServer("dotnet",
            SiloArguments(siloDll, repository, http, grpc, Loopback.FreePort(), Loopback.FreePort(), $"heap-{Environment.ProcessId}", "Memory", redis: null),
            Path.GetDirectoryName(siloDll)!);
        var dump = Path.Combine(Path.GetTempPath(), $"journey-residents-{Environment.ProcessId}.gcdump");
        try
        {
            await WaitForAsync($"http://127.0.0.1:{http}/health/ready", silo);
            await PushProcessAsync(loadTool, repository, grpc, "cold-new", "heap", 1, customers, "journey", null);
            for (var pass = 1; pass <= passes; pass++)
            {
                await PushProcessAsync(loadTool, repository, grpc, "warm", "heap", pass + 1, customers, "journey", null);
            }

            await RunToolAsync(gcdump, ["collect", "-p", silo.Id.ToString(CultureInfo.InvariantCulture), "-o", dump]);
            var byType = HeapByType(await RunToolAsync(gcdump, ["report", dump]));
            var total = byType.Values.Sum(t => t.Bytes);
            var report = new StringBuilder()
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"### What a resident customer is made of: {customers:N0} customers, an invoice and {passes} payments each ({DateTimeOffset.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores)")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project load-tests -- resident-heap --customers {customers} --passes {passes}`. Live managed heap after the passes: {total:N0} B, {total / customers:N0} B per customer, everything in the process included.")
                .AppendLine()
                .AppendLine("| type | objects | bytes | bytes per customer |")
                .AppendLine("|---|---|---|---|");
            foreach (var (type, (objects, bytes)) in byType.OrderByDescending(t => t.Value.Bytes).Take(top))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"| `{type}` | {objects:N0} | {bytes:N0} | {(double)bytes / customers:N0} |");
            }

            await PublishAsync(report.ToString(), options);

            return 0;
        }
        finally
        {
            Stop(silo);
            File.Delete(dump);
        }
    }

    /// <summary>The report's rows (object size, count, type) summed by type: the size column is per object.</summary>
    internal static Dictionary<string, (long Objects, long Bytes)> HeapByType(string report)
    {
        var row = new Regex(@"^\s*([\d,]+)\s+([\d,]+)\s+(.+?)\s*(\(Bytes > [^)]*\))?\s*\[[^\]]*\]\s*$");
        var byType = new Dictionary<string, (long Objects, long Bytes)>(StringComparer.Ordinal);
        foreach (var line in report.Split('\n'))
        {
            if (row.Match(line) is not { Success: true } match)
            {
                continue;
            }

            var size = long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            var count = long.Parse(match.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            var (objects, bytes) = byType.GetValueOrDefault(match.Groups[3].Value);
            byType[match.Groups[3].Value] = (objects + count, bytes + size * count);
        }

        return byType;
    }

    private static async Task<string?> GcDumpAsync(string repository)
    {
        var folder = Path.Combine(repository, ".tools", "dotnet");
        var tool = Path.Combine(folder, "dotnet-gcdump");
        if (!File.Exists(tool))
        {
            Console.Error.WriteLine($"resident-heap: installing dotnet-gcdump {GcDumpVersion} into .tools/dotnet");
            try
            {
                await RunToolAsync("dotnet", ["tool", "install", "dotnet-gcdump", "--version", GcDumpVersion, "--tool-path", folder]);
            }
            catch (InvalidOperationException failed)
            {
                Console.Error.WriteLine($"resident-heap: dotnet-gcdump could not be installed: {failed.Message}");
                return null;
            }
        }

        return tool;
    }

    private static async Task<string> RunToolAsync(string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish in five minutes");
        }

        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await errors}");
    }
}
