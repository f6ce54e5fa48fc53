using System.Diagnostics;
using System.Globalization;
using Journey.Api.V1;
using Journey.LoadTests.Harness;
using Journey.LoadTests.Workload;
using YamlDotNet.RepresentationModel;

namespace Journey.LoadTests.Scenarios;

/// <summary>
/// Policy preview over a realistic history: the seeded population is lived through on the simulated
/// clock (touchpoints pushed in six-hour windows as the clock moves, every due step firing on the way),
/// then each tenant's policy is previewed against a draft without its second ladder step. Measures the
/// preview's wall time, throughput and heap, and what a running preview costs live ingest (unary
/// ingest alone against the same ingest beside a running preview).
/// </summary>
public sealed class PreviewBenchmark(BenchmarkSettings settings, Action<Measurement> report)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(6);

    public async Task RunAsync()
    {
        var population = new Population(settings.Customers, settings.Seed + 6, Benchmark.End, "h").Generate();
        var byWindow = population
            .GroupBy(t => WindowEnd(DateTimeOffset.Parse(t.OccurredAt, CultureInfo.InvariantCulture)))
            .OrderBy(g => g.Key)
            .ToList();
        var start = byWindow[0].Key - Window;
        Console.Error.WriteLine($"preview: living through {population.Count:N0} touchpoints of {settings.Customers:N0} customers from {start:O}");
        await using var silo = await InProcessSilo.StartAsync(["--Journey:Clock=Simulated", $"--Journey:SimulatedStart={start:O}"]);
        var client = new JourneyService.JourneyServiceClient(silo.Grpc);

        var lived = new Recorder();
        lived.Restart();
        using (Progress.Show("preview: living the year (clock advanced in six-hour steps)", lived))
        {
            foreach (var window in byWindow)
            {
                await client.AdvanceClockAsync(new AdvanceClockRequest { To = window.Key.ToString("O", CultureInfo.InvariantCulture) }, deadline: DateTime.UtcNow.AddMinutes(10));
                await Ingest.UnaryAsync(lived, silo.Grpc, [.. window], settings.Callers, TimeSpan.FromHours(1), restart: false);
            }

            await client.AdvanceClockAsync(new AdvanceClockRequest { To = Benchmark.End.ToString("O", CultureInfo.InvariantCulture) }, deadline: DateTime.UtcNow.AddMinutes(10));
        }

        lived.Stop();
        report(lived.ToMeasurement("preview: the year lived on the simulated clock", "touchpoints",
            note: "unary pushes, 6-hour windows, every due step fired as the clock moved (the history the preview replays)"));

        var drafts = new Dictionary<string, string>();
        foreach (var tenant in Population.Tenants)
        {
            var policy = await client.GetPolicyAsync(new GetPolicyRequest { Tenant = tenant });
            drafts[tenant] = WithoutSecondStep(policy.Document);
        }

        var (from, to) = (Benchmark.End.AddYears(-1), Benchmark.End);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var timer = Stopwatch.StartNew();
        var (peak, reports) = await PreviewAllAsync(client, drafts, from, to);
        timer.Stop();
        var customers = reports.Sum(r => r.CustomersReplayed);
        var touchpoints = reports.Sum(r => r.TouchpointsReplayed);
        report(new Measurement("policy preview: a year, every customer, draft without the second step", "customers", customers, reports.Count(r => r.Status != "COMPLETED"),
            timer.Elapsed.TotalSeconds, customers / timer.Elapsed.TotalSeconds, null, null,
            string.Create(CultureInfo.InvariantCulture,
                $"{Population.Tenants.Length} tenants previewed at once, sharing the silo's one preview worker at its default share of 25 % (Journey:Preview:Workers, Share); {touchpoints:N0} touchpoints ({touchpoints / timer.Elapsed.TotalSeconds:N0}/s) replayed twice; {reports.Sum(r => r.CasesChanged):N0} cases changed; contacts current {reports.Sum(r => r.Current.Contacts):N0} → draft {reports.Sum(r => r.Draft.Contacts):N0}; managed heap +{(peak - heapBefore) / 1048576.0:N0} MB at peak (sampled)"),
            null)
        {
            Value = timer.Elapsed.TotalSeconds,
            ValueUnit = "seconds",
            Target = 60,
            TargetKind = "seconds ≤",
        });

        // What a running preview costs live ingest: the same unary ingest alone, then beside a preview.
        var fresh = new Population(settings.Customers / 2, settings.Seed + 7, Benchmark.End, "l").Generate();
        var half = fresh.Count / 2;
        var alone = (await Ingest.UnaryAsync(new Recorder(), silo.Grpc, fresh[..half], settings.Callers, settings.ScenarioTime)).ToMeasurement("unary ingest alone (preview baseline)", "touchpoints");
        report(alone);
        using var stop = new CancellationTokenSource();
        var previewing = Task.Run(async () =>
        {
            var rounds = 0;
            while (!stop.IsCancellationRequested)
            {
                await PreviewAllAsync(client, drafts, from, to, () => stop.IsCancellationRequested);
                rounds++;
            }

            return rounds;
        });
        var beside = (await Ingest.UnaryAsync(new Recorder(), silo.Grpc, fresh[half..], settings.Callers, settings.ScenarioTime))
            .ToMeasurement("unary ingest beside a running preview", "touchpoints");
        await stop.CancelAsync();
        var rounds = await previewing;
        report(beside.ComparedTo(alone) with { Note = $"previews of all tenants kept running throughout ({rounds} rounds; one preview worker at a 25 % share, the defaults); ratio against ingest alone" });
    }

    private static async Task<(long PeakHeap, List<PolicyPreview> Reports)> PreviewAllAsync(JourneyService.JourneyServiceClient client, Dictionary<string, string> drafts, DateTimeOffset from, DateTimeOffset to,
        Func<bool>? stopRequested = null)
    {
        var ids = new Dictionary<string, string>();
        foreach (var (tenant, draft) in drafts)
        {
            var started = await client.PreviewPolicyAsync(new PreviewPolicyRequest { Tenant = tenant, Document = draft, From = from.ToString("O", CultureInfo.InvariantCulture), To = to.ToString("O", CultureInfo.InvariantCulture) });
            ids[tenant] = started.Id;
        }

        var peak = 0L;
        while (true)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(false));
            var reports = new List<PolicyPreview>();
            foreach (var (tenant, id) in ids)
            {
                reports.Add(await client.GetPolicyPreviewAsync(new PolicyPreviewRequest { Tenant = tenant, Id = id, First = 1 }));
            }

            if (reports.All(r => r.Status != "RUNNING"))
            {
                return (peak, reports);
            }

            if (stopRequested?.Invoke() == true)
            {
                foreach (var (tenant, id) in ids)
                {
                    await client.CancelPolicyPreviewAsync(new PolicyPreviewRequest { Tenant = tenant, Id = id });
                }
            }

            Console.Error.WriteLine($"  preview: {reports.Sum(r => r.CustomersReplayed):N0} customers, {reports.Sum(r => r.TouchpointsReplayed):N0} touchpoints replayed; heap {GC.GetTotalMemory(false) / 1048576.0:N0} MB");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static DateTimeOffset WindowEnd(DateTimeOffset at)
    {
        var ticks = Window.Ticks;
        var utc = at.UtcTicks;
        return new DateTimeOffset(((utc / ticks) + 1) * ticks, TimeSpan.Zero);
    }

    /// <summary>The document with its ladder's second step removed (the draft a credit manager would try: one contact fewer).</summary>
    public static string WithoutSecondStep(string document)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(document));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var ladder = (YamlSequenceNode)root.Children[new YamlScalarNode("ladder")];
        ladder.Children.RemoveAt(1);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        yaml.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
