using System.Text.Json.Nodes;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Api;

/// <summary>
/// The silo's gen-0 budget is set where .NET 10 reads it — the runtimeconfig of the built silo, not an environment
/// variable (DOTNET_GCgen0MaxBudget has no effect here) — and every pause of the collector is on /metrics.
/// </summary>
[Collection(JourneyHostCollection.Name)]
public class CollectorSettingsTests(JourneyHostFixture host)
{
    [Fact]
    public void The_built_silo_caps_the_gen0_budget_in_its_runtimeconfig()
    {
        var file = Path.Combine(Path.GetDirectoryName(SiloProcess.SiloAssembly)!, "Journey.Silo.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(file))!["runtimeOptions"]!["configProperties"]!;
        Assert.True(properties["System.GC.Gen0MaxBudget"] is JsonValue budget && budget.TryGetValue<long>(out var bytes) && bytes is >= 1_000_000 and <= 64_000_000,
            $"System.GC.Gen0MaxBudget is missing from {file} or not a byte count from 1 to 64 MB: {properties["System.GC.Gen0MaxBudget"]}");
        Assert.True(properties["System.GC.Server"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Metrics_show_collections_by_generation_and_each_pause()
    {
        // Collections of our own, a gen-1 and a gen-0 one, so that the listener has seen pauses of both generations.
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        static double Count(string metrics, string generation) => metrics.Split('\n')
            .Where(l => l.StartsWith("journey_gc_pause_seconds_count", StringComparison.Ordinal) && l.Contains($"generation=\"{generation}\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        var metrics = await Until.ValueAsync(async () =>
        {
            var text = await host.Http.GetStringAsync("/metrics");
            return Count(text, "0") >= 1 && Count(text, "1") >= 1 ? text : null;
        }, TimeSpan.FromSeconds(30), "/metrics has no journey_gc_pause_seconds histogram with pauses of generations 0 and 1");

        Assert.Contains("dotnet_gc_collections_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("gc_heap_generation=\"gen0\"", metrics, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_pause_time_seconds_total", metrics, StringComparison.Ordinal);
        Assert.Contains("journey_gc_pause_seconds_bucket{", metrics, StringComparison.Ordinal);
    }
}
