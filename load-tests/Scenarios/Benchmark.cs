using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Grpc.Net.Client;
using Journey.Api.V1;
using Journey.Grains;
using Journey.LoadTests.Harness;
using Journey.LoadTests.Workload;
using Microsoft.Extensions.DependencyInjection;

namespace Journey.LoadTests.Scenarios;

public sealed record BenchmarkSettings(
    int Customers,
    TimeSpan ScenarioTime,
    int Streams,
    int Callers,
    int Seed,
    int ResidentCustomers,
    int FastForwardDays,
    double ReadRate,
    bool Redis,
    string? Workload,
    IReadOnlySet<string> Only)
{
    public static readonly string[] Scenarios = ["memory", "stream", "unary", "reads", "mixed", "contact", "fastforward", "redis", "preview"];

    public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario);

    public static BenchmarkSettings From(CommandLine options) => new(
        options.GetInt("--customers", 100_000),
        TimeSpan.FromSeconds(options.GetInt("--seconds", 20)),
        options.GetInt("--streams", 8),
        options.GetInt("--callers", 64),
        options.GetInt("--seed", 42),
        options.GetInt("--resident", 20_000),
        options.GetInt("--days", 30),
        options.GetInt("--read-rate", 5_000),
        options.Get("--redis", "auto") != "off",
        options.Find("--workload"),
        (options.Find("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? []).ToHashSet());
}

/// <summary>
/// Every scenario of the benchmark in one run, against a silo in this process and the baselines
/// (gRPC echo, grain ping) measured beside it.
/// </summary>
public sealed class Benchmark(BenchmarkSettings settings)
{
    /// <summary>Monday noon, Amsterdam: the simulated clock starts where the synthetic year ends.</summary>
    public static readonly DateTimeOffset End = new(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(1));

    private const string CustomerQuery = "query($t: String!, $id: String!) { customer(tenant: $t, id: $id) { version timelineCount timeline(first: 10) { eventId type occurredAt } cases { id stage amountDue onHold nextStep { kind at } } actions(first: 10) { actionId kind status at } } }";

    private readonly List<Measurement> _results = [];

    public IReadOnlyList<Measurement> Results => _results;

    public async Task RunAsync()
    {
        await using (var echo = await EchoServer.StartAsync())
        await using (var silo = await StartSiloAsync([]))
        {
            if (settings.Runs("memory"))
            {
                await MemoryPerCustomerAsync(silo);
            }

            var ingested = await StreamIngestAsync(silo, echo);
            if (settings.Runs("unary"))
            {
                await UnaryIngestAsync(silo, echo);
            }

            var ping = await GrainPingAsync(silo);
            if (settings.Runs("reads"))
            {
                await ReadsAsync(silo, ingested);
            }

            if (settings.Runs("mixed"))
            {
                await MixedAsync(silo, ingested);
            }

            if (settings.Runs("contact"))
            {
                await RequestContactAsync(silo, echo, ingested);
            }

            if (settings.Runs("fastforward"))
            {
                await FastForwardAsync(silo, ping);
            }
        }

        if (settings.Redis && settings.Runs("redis"))
        {
            await RedisIngestAsync();
        }

        if (settings.Runs("preview"))
        {
            await new PreviewBenchmark(settings, Report).RunAsync();
        }
    }

    // Each workload lives only as long as its scenario: the generator shares the heap (and the GC) with the silo.
    private async Task<(string Tenant, string Id)[]> StreamIngestAsync(InProcessSilo silo, EchoServer echo)
    {
        var main = Load("c", 0);
        Console.Error.WriteLine($"workload: {main.Select(t => t.CustomerId).Distinct().Count():N0} customers, {main.Count:N0} touchpoints");
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<(string, string), bool>();
        var echoStream = await Measure("baseline: gRPC echo, PushStream", r => Ingest.StreamAsync(r, echo.Grpc, main, settings.Streams, settings.ScenarioTime), "touchpoints");
        if (settings.Only.Count == 0 || settings.Only.Overlaps(["stream", "reads", "mixed", "contact", "fastforward"]))
        {
            await Measure("streaming ingest (PushStream)", r => Ingest.StreamAsync(r, silo.Grpc, main, settings.Streams, settings.ScenarioTime, acknowledged), "touchpoints",
                baseline: echoStream, target: 50_000, note: $"{settings.Streams} streams; rules evaluated, state persisted (memory) before each ack");
        }

        return [.. acknowledged.Keys];
    }

    private async Task UnaryIngestAsync(InProcessSilo silo, EchoServer echo)
    {
        var workload = Load("u", 1);
        var echoUnary = await Measure("baseline: gRPC echo, Push", r => Ingest.UnaryAsync(r, echo.Grpc, workload, settings.Callers, settings.ScenarioTime), "touchpoints");
        await Measure("unary ingest (Push)", r => Ingest.UnaryAsync(r, silo.Grpc, workload, settings.Callers, settings.ScenarioTime), "touchpoints",
            baseline: echoUnary, note: $"{settings.Callers} callers");
    }

    private List<Touchpoint> Load(string prefix, int seedOffset)
    {
        if (prefix == "c" && settings.Workload is { } path)
        {
            return Population.ReadNdjson(path);
        }

        return new Population(settings.Customers, settings.Seed + seedOffset, End, prefix).Generate();
    }

    private static Task<InProcessSilo> StartSiloAsync(IEnumerable<string> storage) => InProcessSilo.StartAsync(
    [
        "--Journey:Clock=Simulated",
        $"--Journey:SimulatedStart={End:O}",
        .. storage,
    ]);

    private async Task<Measurement> Measure(string name, Func<Recorder, Task<Recorder>> run, string unit,
        Measurement? baseline = null, double? target = null, string? note = null, bool latencyTarget = false)
    {
        var recorder = new Recorder();
        using (InProcessSilo.Statistics.Measure())
        using (Progress.Show(name, recorder))
        {
            await run(recorder);
        }

        var measurement = recorder.ToMeasurement(name, unit, note: note);
        measurement = (baseline is null ? measurement : measurement.ComparedTo(baseline, latencyTarget)) with
        {
            Target = target,
            TargetKind = target is null ? null : latencyTarget ? "p99 ms ≤" : "per second ≥",
        };
        Report(measurement);
        return measurement;
    }

    private void Report(Measurement measurement)
    {
        _results.Add(measurement);
        if (measurement.Value is { } value)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  => {measurement.Name}: {value:N0} {measurement.ValueUnit}{(measurement.Ratio is { } x ? $", {x:N2}× baseline" : "")}"));
            return;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  => {measurement.Count:N0} {measurement.Unit} in {measurement.Seconds:N1} s = {measurement.PerSecond:N0}/s, p50 {measurement.LatencyMs?.P50:N2} ms, p99 {measurement.LatencyMs?.P99:N2} ms, failures {measurement.Failures}{(measurement.Ratio is { } r ? $", {r:N2}× baseline" : "")}"));
        if (measurement.FirstFailure is { } failure)
        {
            Console.Error.WriteLine($"  first failure: {failure}");
        }
    }

    private async Task<Measurement> GrainPingAsync(InProcessSilo silo)
    {
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        return await Measure("baseline: Orleans grain ping", r => LoadRunner.ClosedLoopAsync(r, settings.Callers, long.MaxValue, settings.ScenarioTime / 2,
            i => grains.GetGrain<IPingGrain>("ping-" + (i % 100_000).ToString(CultureInfo.InvariantCulture)).Ping(1)), "calls",
            note: "from the silo's own client, 100,000 grains");
    }

    private async Task ReadsAsync(InProcessSilo silo, (string Tenant, string Id)[] customers)
    {
        var rate = settings.ReadRate;
        var trivial = await Measure("baseline: GraphQL clock query (no grain)", r => LoadRunner.OpenLoopAsync(r, rate, settings.ScenarioTime / 2,
            _ => GraphQLClient.PostAsync(silo.Http, "{ clock { now mode } }", null)), "requests", note: $"open loop at {rate:N0}/s");
        await Measure("GraphQL customer query", r => LoadRunner.OpenLoopAsync(r, rate, settings.ScenarioTime,
            i => ReadCustomerAsync(silo, customers, i)), "requests", baseline: trivial, target: 10, latencyTarget: true,
            note: $"open loop at {rate:N0}/s over {customers.Length:N0} customers (timeline, cases, next steps, actions)");
    }

    private static Task ReadCustomerAsync(InProcessSilo silo, (string Tenant, string Id)[] customers, long i)
    {
        var (tenant, id) = customers[(int)((i * 7919) % customers.Length)];
        return GraphQLClient.PostAsync(silo.Http, CustomerQuery, new Dictionary<string, object?> { ["t"] = tenant, ["id"] = id }, expect: "customer");
    }

    private async Task MixedAsync(InProcessSilo silo, (string Tenant, string Id)[] customers)
    {
        var workload = Load("m", 2);
        var client = new JourneyService.JourneyServiceClient(silo.Grpc);
        var lanes = Ingest.Partition(workload, settings.Callers);
        var (pushes, reads) = (new Recorder(), new Recorder());
        var all = new Recorder();
        var deadline = Stopwatch.GetTimestamp() + (long)(settings.ScenarioTime.TotalSeconds * Stopwatch.Frequency);
        using (Progress.Show("mixed: 90 % ingest, 10 % customer queries", all))
        {
            await Task.WhenAll(lanes.Select((lane, caller) => Task.Run(async () =>
            {
                var random = new Random(caller);
                var next = 0;
                while (next < lane.Count && Stopwatch.GetTimestamp() < deadline)
                {
                    var started = Stopwatch.GetTimestamp();
                    var read = random.NextDouble() < 0.1;
                    try
                    {
                        if (read)
                        {
                            await ReadCustomerAsync(silo, customers, random.Next());
                        }
                        else
                        {
                            await client.PushAsync(lane[next++]);
                        }

                        (read ? reads : pushes).Success(started);
                        all.Success(started);
                    }
                    catch (Exception exception)
                    {
                        (read ? reads : pushes).Failure(LoadRunner.Describe(exception));
                        all.Failure(LoadRunner.Describe(exception));
                    }
                }
            })));
        }

        foreach (var recorder in new[] { pushes, reads, all })
        {
            recorder.Stop();
        }

        var unary = _results.Find(r => r.Name == "unary ingest (Push)");
        var mixed = all.ToMeasurement("mixed: all requests", "requests", note: $"{settings.Callers} callers; ratio against unary ingest alone");
        Report(unary is null ? mixed : mixed.ComparedTo(unary));
        Report(pushes.ToMeasurement("mixed: ingest part", "touchpoints"));
        Report(reads.ToMeasurement("mixed: query part", "requests"));
    }

    private async Task RequestContactAsync(InProcessSilo silo, EchoServer echo, (string Tenant, string Id)[] customers)
    {
        var client = new JourneyService.JourneyServiceClient(silo.Grpc);
        var echoClient = new JourneyService.JourneyServiceClient(echo.Grpc);
        Team[] teams = [Team.Sales, Team.Service, Team.Billing, Team.Collection];
        Channel[] channels = [Channel.Email, Channel.Sms, Channel.Phone];
        ContactRequest Request(long i)
        {
            var (tenant, id) = customers[(int)((i * 104_729) % customers.Length)];
            return new ContactRequest { Tenant = tenant, CustomerId = id, Team = teams[i % 4], Channel = channels[i % 3], Purpose = "load test" };
        }

        var peak = await Measure("requestContact at peak (closed loop)", r => LoadRunner.ClosedLoopAsync(r, settings.Callers, long.MaxValue, settings.ScenarioTime / 2,
            async i => await client.RequestContactAsync(Request(i))), "decisions", note: $"{settings.Callers} callers");
        var half = Math.Max(100, peak.PerSecond / 2);
        var echoAtHalf = await Measure("baseline: gRPC echo, RequestContact", r => LoadRunner.OpenLoopAsync(r, half, settings.ScenarioTime / 2,
            async i => await echoClient.RequestContactAsync(Request(i))), "requests", note: $"open loop at {half:N0}/s");
        await Measure("requestContact at half of peak", r => LoadRunner.OpenLoopAsync(r, half, settings.ScenarioTime,
            async i => await client.RequestContactAsync(Request(i))), "decisions", baseline: echoAtHalf, target: 5, latencyTarget: true,
            note: $"open loop at {half:N0}/s; every ALLOWED answer books the contact (one persisted write)");
    }

    private async Task FastForwardAsync(InProcessSilo silo, Measurement ping)
    {
        var client = new JourneyService.JourneyServiceClient(silo.Grpc);
        var resident = 0L;
        var fired = 0L;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == JourneyMetrics.MeterName && instrument.Name == "journey.actions")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "status" && (string?)tag.Value == "DISPATCHED")
                {
                    Interlocked.Add(ref fired, value);
                }
            }
        });

        var management = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        resident = (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains("Customer", StringComparison.Ordinal)).Sum(s => (long)s.ActivationCount);
        var now = DateTimeOffset.Parse((await client.GetClockAsync(new GetClockRequest())).Now, CultureInfo.InvariantCulture);
        listener.Start();
        var recorder = new Recorder();
        using (Progress.Show($"simulated fast-forward of {settings.FastForwardDays} days", recorder))
        {
            for (var day = 1; day <= settings.FastForwardDays; day++)
            {
                var before = Interlocked.Read(ref fired);
                await client.AdvanceClockAsync(new AdvanceClockRequest { To = now.AddDays(day).ToString("O", CultureInfo.InvariantCulture) }, deadline: DateTime.UtcNow.AddMinutes(10));
                recorder.AddSuccesses(Interlocked.Read(ref fired) - before);
            }

        }

        recorder.Stop();
        Report(recorder.ToMeasurement("fast-forward: steps fired", "steps",
            note: $"{settings.FastForwardDays} simulated days, one AdvanceClock per day, over {resident:N0} resident customers; each step is a wake, a rules run, a persisted write and an outbox entry")
            .ComparedTo(ping));
    }

    private async Task MemoryPerCustomerAsync(InProcessSilo silo)
    {
        var population = new Population(settings.ResidentCustomers, settings.Seed + 3, End, "r");
        var workload = population.Generate();
        var warmup = new Population(200, settings.Seed + 5, End, "w").Generate();
        await Ingest.StreamAsync(new Recorder(), silo.Grpc, warmup, 2, TimeSpan.FromMinutes(1));
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IPingGrain>("warm").Ping(0);

        var before = Heap();
        var recorder = await Ingest.StreamAsync(new Recorder(), silo.Grpc, workload, settings.Streams, TimeSpan.FromMinutes(10));
        var withCustomers = Heap();
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var stored = Heap();
        await Task.WhenAll(Enumerable.Range(0, settings.ResidentCustomers).Select(i => grains.GetGrain<IPingGrain>("resident-" + i.ToString(CultureInfo.InvariantCulture)).Ping(i)));
        var withPings = Heap();

        var n = (double)settings.ResidentCustomers;
        var touchpoints = workload.Count / n;
        var perCustomer = (withCustomers - stored) / n;
        var perPing = (withPings - stored) / n;
        Report(new Measurement("baseline: memory per idle grain activation (ping grain)", "bytes", settings.ResidentCustomers, 0, 0, 0, null, null,
            "managed heap after a full GC, divided by the activations", null) { Value = perPing, ValueUnit = "bytes" });
        Report(new Measurement("memory per resident customer", "bytes", settings.ResidentCustomers, recorder.Failures, 0, 0, null, "baseline: memory per idle grain activation (ping grain)",
            string.Create(CultureInfo.InvariantCulture, $"{touchpoints:N1} touchpoints each; activations only (storage's own copy, {(stored - before) / n:N0} B each with memory storage, is not counted)"), recorder.ToMeasurement("ingest").FirstFailure)
        {
            Value = perCustomer,
            ValueUnit = "bytes",
            Ratio = perPing > 0 ? perCustomer / perPing : null,
            RatioOf = "bytes",
            Target = 4096,
            TargetKind = "bytes ≤",
        });
    }

    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private async Task RedisIngestAsync()
    {
        if (RedisProcess.FindExecutable() is not { } executable)
        {
            Console.Error.WriteLine("- Redis storage: skipped, redis-server is not installed (apt-get install redis-server)");
            return;
        }

        using var redis = await RedisProcess.StartAsync(executable);
        await using var silo = await StartSiloAsync(["--Journey:Storage=Redis", "--Journey:Clustering=Redis", $"--Journey:Redis={redis.ConnectionString}"]);
        var workload = Load("d", 4);
        var memory = _results.Find(r => r.Name == "streaming ingest (PushStream)");
        var measured = await Measure("streaming ingest, Redis storage", r => Ingest.StreamAsync(r, silo.Grpc, workload, settings.Streams, settings.ScenarioTime), "touchpoints",
            baseline: _results.Find(r => r.Name == "baseline: gRPC echo, PushStream"), target: 15_000,
            note: "redis-server with appendonly yes, appendfsync always; each ack after the Redis write");
        if (memory is not null)
        {
            _results[^1] = measured with { Note = measured.Note + string.Create(CultureInfo.InvariantCulture, $"; {measured.PerSecond / memory.PerSecond:N2}× the memory-storage run") };
        }
    }}
