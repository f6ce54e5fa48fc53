using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Journey.LoadTests.Harness;

/// <summary>Writes a run's results as JSON and appends them as a markdown table, with the machine and the command.</summary>
public static class ResultsReport
{
    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memory:N0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
    }

    public static void WriteJson(string path, string command, IReadOnlyList<Measurement> results)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var document = new { command, machine = Machine(), at = DateTimeOffset.UtcNow, results };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
    }

    public static string Markdown(string title, string command, IReadOnlyList<Measurement> results)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"### {title} ({DateTimeOffset.UtcNow:yyyy-MM-dd})").AppendLine();
        text.AppendLine(invariant, $"Command: `{command}`  ").AppendLine(invariant, $"Machine: {Machine()}. Failures: {results.Sum(r => r.Failures)}.").AppendLine();
        text.AppendLine("| measurement | count | failed | result | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | ratio to baseline | target | met |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var result = r.Value is { } value ? (r.ValueUnit == "seconds" ? $"{value:N1} s ({r.PerSecond:N0} {r.Unit}/s)" : $"{value:N0} B") : $"{r.PerSecond:N0} {r.Unit}/s";
            string Ms(Func<Percentiles, double> pick) => r.LatencyMs is { } l ? pick(l).ToString("N2", invariant) : "";
            var ratio = r.Ratio is { } x ? $"{x:N2} ({r.RatioOf} vs {r.Baseline})" : "";
            var target = r.Target is { } t ? $"{r.TargetKind} {t:N0}" : "";
            var met = r.TargetMet switch { true => "yes", false => "**no**", null => "" };
            text.AppendLine(invariant, $"| {r.Name} | {r.Count:N0} | {r.Failures:N0} | {result} | {Ms(l => l.P50)} | {Ms(l => l.P90)} | {Ms(l => l.P99)} | {Ms(l => l.P999)} | {Ms(l => l.Max)} | {ratio} | {target} | {met} |");
        }

        var notes = results.Where(r => r.Note is not null).ToList();
        if (notes.Count > 0)
        {
            text.AppendLine();
            foreach (var r in notes)
            {
                text.AppendLine(invariant, $"- *{r.Name}*: {r.Note}");
            }
        }

        foreach (var r in results.Where(r => r.FirstFailure is not null))
        {
            text.AppendLine(invariant, $"- first failure of *{r.Name}*: `{r.FirstFailure}`");
        }

        return text.AppendLine().ToString();
    }

    public static void Append(string path, string markdown) => File.AppendAllText(path, Environment.NewLine + markdown);
}
