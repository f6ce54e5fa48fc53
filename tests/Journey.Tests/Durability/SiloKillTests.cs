using System.Net.Http.Json;
using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Journey.Tests.Durability;

/// <summary>Tests that must not share the machine with others: process kills, heap measurements.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloKillCollection
{
    public const string Name = "runs alone";
}

/// <summary>
/// Three silo processes on one durable profile: Redis (clustering and storage), or Azure alone
/// (Azure Table clustering and reminders, Azure Blob storage, all on Azurite, no Redis). Clients
/// stream touchpoints into all three; mid-stream the silo hosting the most customers (at least a
/// third) is killed with SIGKILL; clients reconnect and retry what was not acknowledged, with the same
/// eventIds. Then every silo is killed and the storage itself stopped (Redis with SIGKILL, Azurite
/// with SIGTERM: it keeps its metadata in memory and saves it on a clean stop) and restarted. Before
/// anything reads a customer, the effects that died with the silos' memory must arrive by recovery
/// alone: each invoice's first reminder in the outbox once, statistics equal to a recount; then each
/// case's second reminder, due after the restart, fires once; last, every acknowledged eventId is
/// looked up through the public API.
/// </summary>
[Collection(SiloKillCollection.Name)]
public class SiloKillTests(ITestOutputHelper output)
{
    private const int TouchpointsPerCustomer = 4;

    // Azurite takes a few hundred blob writes a second on this machine (every Azure write is a whole
    // state): its run is smaller so that it fits the deadline; what it checks is the same.
    [Theory]
    [InlineData("Redis", 1, 3_000)]
    [InlineData("Azure", 1, 300)]
    public async Task No_acknowledged_touchpoint_is_lost_when_a_silo_is_killed_mid_stream(string profile, int defaultRuns, int customers)
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("JOURNEY_KILL_RUNS"), out var configured) ? configured : defaultRuns;
        for (var run = 1; run <= runs; run++)
        {
            await using var storage = await KillStorage.StartAsync(profile);
            var result = await RunOnceAsync(run, storage, customers);
            output.WriteLine(result.ToString());
            Assert.Equal(0, result.Lost);
            Assert.Equal(0, result.Rejected);
            Assert.True(result.Acknowledged == result.Sent, $"run {run}: only {result.Acknowledged} of {result.Sent} were acknowledged before the deadline");
            Assert.True(result.VictimShare >= 1.0 / 3, $"run {run}: the killed silo hosted only {result.VictimShare:P0} of the customers");
        }
    }

    private sealed record RunResult(int Run, int Sent, int Acknowledged, int Retried, int Rejected, int Lost, int KilledAfterAcks, double VictimShare, TimeSpan Elapsed)
    {
        public override string ToString() =>
            $"run {Run}: sent {Sent}, acknowledged {Acknowledged}, resent after the kill {Retried}, rejected {Rejected}, " +
            $"killed the silo hosting {VictimShare:P0} of the customers after {KilledAfterAcks} acks, lost after full restart {Lost} ({Elapsed.TotalSeconds:0} s)";
    }

    private async Task<RunResult> RunOnceAsync(int run, KillStorage storage, int customers)
    {
        var clock = Stopwatch.StartNew();
        var policies = Directory.CreateTempSubdirectory("journey-policies-").FullName;

        // A reminder as soon as a case is overdue (the invoices are), at any hour: every customer's invoice dispatches one at
        // once, and a second 40 s later (a wake-up due after the restart); the budget lets both through.
        await File.WriteAllTextAsync(Path.Combine(policies, "killtest.yaml"),
            TestPolicies.RemindersAtAnyHour("Kill test, two reminders 40 s apart, no quiet hours", ("reminder-1", "PT1M"), ("reminder-2", "PT40S")));
        // Markers older than 15 s name effects no live silo is delivering (the shards' pace is 10 s).
        string[] settings = [.. storage.Settings, $"--Journey:Policies={policies}", "--Journey:Effects:RecoverAfter=00:00:15"];
        var clusterId = $"kill-{storage.Profile.ToLowerInvariant()}-{run}-{Guid.NewGuid():N}"[..32];
        var silos = Enumerable.Range(0, 3).Select(_ => SiloProcess.Create([.. settings, $"--Journey:ClusterId={clusterId}"])).ToList();
        try
        {
            await Task.WhenAll(silos.Select(s => s.StartAsync()));
            await WaitForClusterAsync(silos, expected: 3);
            if (await storage.ActiveSilosAsync(clusterId) is { } listed)
            {
                Assert.Equal(3, listed);
            }

            var lanes = Enumerable.Range(0, 3).Select(lane => Workload(run, lane, customers)).ToArray();
            var acknowledged = new ConcurrentDictionary<string, string>();
            var rejected = 0;
            var retried = 0;
            var killed = new TaskCompletionSource<(int Acks, double Share)>();
            var sent = lanes.Sum(l => l.Count);

            var killer = Task.Run(async () =>
            {
                // A stream that stalls before a third is acknowledged fails the run instead of hanging it.
                var deadline = DateTime.UtcNow.AddMinutes(2);
                while (acknowledged.Count < sent * 0.35)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        killed.SetException(new TimeoutException($"only {acknowledged.Count} of {sent} acknowledged after 2 minutes: the kill never came"));
                        return;
                    }

                    await Task.Delay(20);
                }

                var (victim, share) = await MostLoadedSiloAsync(silos);
                var acks = acknowledged.Count;
                await victim.KillAsync();
                output.WriteLine($"run {run}: SIGKILL silo :{victim.SiloPort} after {acks} acks");
                killed.SetResult((acks, share));
            });

            var streaming = lanes.Select((items, lane) => Task.Run(() => StreamLaneAsync(lane, items, silos, acknowledged, () => Interlocked.Increment(ref rejected), count => Interlocked.Add(ref retried, count)))).ToArray();
            using (var progress = new PeriodicTimer(TimeSpan.FromSeconds(10)))
            {
                var all = Task.WhenAll(streaming);
                while (await Task.WhenAny(all, progress.WaitForNextTickAsync().AsTask()) != all)
                {
                    output.WriteLine($"run {run}: {acknowledged.Count} of {sent} acknowledged after {clock.Elapsed.TotalSeconds:0} s, {retried} resent");
                }

                await all;
            }

            await killer;
            var (killedAfter, victimShare) = await killed.Task;

            // Full restart: every silo and the storage itself die hard, then come back.
            await Task.WhenAll(silos.Select(s => s.KillAsync()));
            await storage.RestartAsync();
            await Task.WhenAll(silos.Select(s => s.DisposeAsync().AsTask()));
            // The same service (state) as a new deployment: the dead incarnations in the membership table belong to the old cluster id.
            silos = [.. silos.Select(s => SiloProcess.Replace(s, [.. settings, $"--Journey:ClusterId={clusterId[..28]}-new"]))];
            await Task.WhenAll(silos.Select(s => s.StartAsync()));

            // Nothing reads a customer until the effects have arrived: they come by recovery, not by the reads.
            await AssertEachReminderInTheOutboxOnceAsync(silos[2], acknowledged, "reminder-1");
            await AssertStatisticsEqualARecountAsync(silos[1], acknowledged);
            var recovered = 0L;
            foreach (var silo in silos)
            {
                recovered += await silo.RecoveredCustomersAsync() ?? 0;
            }

            output.WriteLine($"run {run}: effect recovery asked {recovered} customers to offer their effects again");
            // The schedule keeps wake-ups by the minute: a second reminder due 40 s after the first fires in its minute's
            // round, up to a minute later, and one whose registration died with its silo first waits for recovery.
            await AssertEachReminderInTheOutboxOnceAsync(silos[0], acknowledged, "reminder-2", TimeSpan.FromMinutes(3));
            var lost = await CountMissingAsync(silos[0], acknowledged);

            // Sent again after the restart, acknowledged touchpoints are duplicates: none counts twice.
            var again = lanes.SelectMany(l => l).Where(t => acknowledged.ContainsKey(t.EventId)).Take(200).ToList();
            using (var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{silos[1].GrpcPort}"))
            {
                var client = new JourneyService.JourneyServiceClient(channel);
                foreach (var touchpoint in again)
                {
                    var receipt = await client.PushAsync(touchpoint, deadline: DateTime.UtcNow.AddSeconds(30));
                    Assert.True(receipt.Duplicate, $"{touchpoint.EventId} was applied a second time after the restart");
                }
            }

            return new RunResult(run, sent, acknowledged.Count, retried, rejected, lost, killedAfter, victimShare, clock.Elapsed);
        }
        finally
        {
            await Task.WhenAll(silos.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Each lane owns a third of the customers, so a customer's touchpoints stay in order on one stream.</summary>
    private static List<Touchpoint> Workload(int run, int lane, int customers)
    {
        var items = new List<Touchpoint>();
        var start = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));
        for (var c = lane; c < customers; c += 3)
        {
            var customer = $"k{run}-c{c}";
            for (var n = 0; n < TouchpointsPerCustomer; n++)
            {
                var touchpoint = new Touchpoint
                {
                    EventId = $"{customer}-e{n}",
                    Tenant = "killtest",
                    CustomerId = customer,
                    OccurredAt = start.AddMinutes(n).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
                    Type = n switch { 0 => TouchpointType.InvoiceIssued, 1 => TouchpointType.AppOpened, 2 => TouchpointType.PaymentReceived, _ => TouchpointType.WebVisit },
                };
                if (n == 0)
                {
                    (touchpoint.CaseId, touchpoint.Amount, touchpoint.Currency, touchpoint.DueDate) = ($"{customer}-inv", "100.00", "EUR", "2026-03-20");
                }
                else if (n == 2)
                {
                    (touchpoint.CaseId, touchpoint.Amount, touchpoint.Currency) = ($"{customer}-inv", "25.00", "EUR");
                }

                items.Add(touchpoint);
            }
        }

        return items;
    }

    /// <summary>Streams until every item is acknowledged, reconnecting to another silo and resending what is unacknowledged.</summary>
    private static async Task StreamLaneAsync(int lane, List<Touchpoint> items, List<SiloProcess> silos, ConcurrentDictionary<string, string> acknowledged, System.Action onRejected, System.Action<int> onRetry)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        var silo = lane;
        var attempt = 0;
        while (DateTime.UtcNow < deadline)
        {
            var pending = items.Where(i => !acknowledged.ContainsKey(i.EventId)).ToList();
            if (pending.Count == 0)
            {
                return;
            }

            if (attempt++ > 0)
            {
                onRetry(pending.Count);
            }

            var target = silos[silo % silos.Count];
            if (!target.Running)
            {
                silo++;
                continue;
            }

            try
            {
                using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{target.GrpcPort}");
                using var call = new JourneyService.JourneyServiceClient(channel).PushStream(deadline: DateTime.UtcNow.AddMinutes(2));
                var reading = Task.Run(async () =>
                {
                    await foreach (var ack in call.ResponseStream.ReadAllAsync())
                    {
                        switch (ack.Status)
                        {
                            case PushAck.Types.Status.Accepted or PushAck.Types.Status.Duplicate:
                                acknowledged.TryAdd(ack.EventId, ack.EventId);
                                break;
                            case PushAck.Types.Status.Rejected:
                                onRejected();
                                break;
                        }
                    }
                });

                foreach (var item in pending)
                {
                    await call.RequestStream.WriteAsync(item);
                }

                await call.RequestStream.CompleteAsync();
                await reading;
            }
            catch (Exception exception) when (exception is RpcException or IOException or HttpRequestException or InvalidOperationException)
            {
                silo++;
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Each silo is asked for its own resident customers: no aggregation that lags or misses a busy silo.</summary>
    private static async Task<(SiloProcess Victim, double Share)> MostLoadedSiloAsync(List<SiloProcess> silos)
    {
        var counts = await Task.WhenAll(silos.Select(async s => (Silo: s, Count: await s.ResidentCustomersAsync() ?? 0)));
        var (victim, count) = counts.MaxBy(c => c.Count);
        var total = counts.Sum(c => c.Count);
        return (victim, total == 0 ? 0 : (double)count / total);
    }

    private static async Task WaitForClusterAsync(List<SiloProcess> silos, int expected)
    {
        await Until.MatchAsync(silos[0].ActiveSilosAsync, n => n == expected, TimeSpan.FromSeconds(30), $"{expected} silos did not form one cluster", TimeSpan.FromMilliseconds(100));
    }

    /// <summary>
    /// Every customer whose invoice was acknowledged has the step's reminder in the tenant's outbox:
    /// delivered after the acknowledgement (the first), or fired by a wake-up due after the restart (the
    /// second); never twice by action id and never two actions for one case and step.
    /// </summary>
    private async Task AssertEachReminderInTheOutboxOnceAsync(SiloProcess silo, ConcurrentDictionary<string, string> acknowledged, string step, TimeSpan? within = null)
    {
        var started = Stopwatch.StartNew();
        var expected = acknowledged.Keys.Where(id => id.EndsWith("-e0", StringComparison.Ordinal)).Select(id => id[..^3] + "-inv").ToHashSet(StringComparer.Ordinal);
        var dispatched = new List<(string ActionId, string CaseId, string StepId)>();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{silo.GrpcPort}");
        using var until = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(90));
        using var watch = new JourneyService.JourneyServiceClient(channel).WatchActions(new WatchActionsRequest { Tenant = "killtest" }, cancellationToken: until.Token);
        try
        {
            await foreach (var envelope in watch.ResponseStream.ReadAllAsync(until.Token))
            {
                if (envelope.Kind == ActionEnvelope.Types.Kind.Dispatch)
                {
                    dispatched.Add((envelope.Action.ActionId, envelope.Action.CaseId, envelope.Action.StepId));
                }

                if (expected.IsSubsetOf(dispatched.Where(d => d.StepId == step).Select(d => d.CaseId)))
                {
                    break;
                }
            }
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled)
        {
        }

        var missing = expected.Except(dispatched.Where(d => d.StepId == step).Select(d => d.CaseId)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged invoices have no {step} in the outbox, e.g. {string.Join(", ", missing.Take(3))}");
        output.WriteLine($"outbox: {step} for each of {expected.Count} acknowledged invoices, {started.Elapsed.TotalSeconds:0} s after the check began");
        Assert.Equal(dispatched.Count, dispatched.Select(d => d.ActionId).Distinct().Count());
        Assert.All(dispatched.GroupBy(d => (d.CaseId, d.StepId)), g => Assert.Single(g.Select(d => d.ActionId).Distinct()));
    }

    /// <summary>
    /// The tenant's statistics count each dispatched reminder once: as many contacts of the policy's one
    /// step as there are acknowledged invoices (each dispatched one reminder, the outbox shows), however
    /// the kill split their delivery. Batches lost with the killed silo's memory are offered again by the
    /// customers' activations after the restart, so the count may still rise for a while; it must reach
    /// the recount and never pass it.
    /// </summary>
    private async Task AssertStatisticsEqualARecountAsync(SiloProcess silo, ConcurrentDictionary<string, string> acknowledged)
    {
        var expected = acknowledged.Keys.Count(id => id.EndsWith("-e0", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        var counted = await Until.MatchAsync(
            async () =>
            {
                using var response = await http.PostAsJsonAsync("/graphql", new { query = "{ statistics(tenant: \"killtest\") { byStep { step contacts } } }" });
                var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                var counted = body["data"]!["statistics"]!["byStep"]!.AsArray()
                    .Where(row => row!["step"]?.GetValue<string>() == "reminder-1")
                    .Sum(row => row!["contacts"]!.GetValue<int>());
                Assert.True(counted <= expected, $"the statistics count {counted} reminders, more than the {expected} dispatched: a batch was counted twice");
                return counted;
            },
            counted => counted == expected, TimeSpan.FromSeconds(90), $"the statistics never counted the {expected} dispatched reminders after the restart", TimeSpan.FromMilliseconds(500));
        output.WriteLine($"statistics: {counted} reminders counted, as recounted");
    }

    private static async Task<int> CountMissingAsync(SiloProcess silo, ConcurrentDictionary<string, string> acknowledged)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{silo.GrpcPort}");
        var client = new JourneyService.JourneyServiceClient(channel);
        var missing = 0;
        var byCustomer = acknowledged.Keys.GroupBy(id => id[..id.LastIndexOf("-e", StringComparison.Ordinal)]);
        await Parallel.ForEachAsync(byCustomer, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (group, cancellation) =>
        {
            var customer = await client.GetCustomerAsync(new GetCustomerRequest { Tenant = "killtest", CustomerId = group.Key, TimelineLimit = 100 }, cancellationToken: cancellation);
            var present = customer.Timeline.Select(t => t.EventId).ToHashSet();
            Interlocked.Add(ref missing, group.Count(id => !present.Contains(id)));
        });
        return missing;
    }
}

/// <summary>The storage under a kill test: started for the run, stopped hard (or cleanly, for Azurite) and restarted on the same data.</summary>
public sealed class KillStorage : IAsyncDisposable
{
    private readonly RedisServer? _redis;
    private readonly AzuriteServer? _azurite;

    private KillStorage(string profile, RedisServer? redis, AzuriteServer? azurite) => (Profile, _redis, _azurite) = (profile, redis, azurite);

    public string Profile { get; }

    public string[] Settings => _redis is { } redis
        ? ["--Journey:Storage=Redis", "--Journey:Clustering=Redis", $"--Journey:Redis={redis.ConnectionString}"]
        : ["--Journey:Storage=AzureBlob", "--Journey:Clustering=AzureTable", $"--Journey:AzureStorage={_azurite!.ConnectionString}"];

    public static async Task<KillStorage> StartAsync(string profile) => profile == "Redis"
        ? new KillStorage(profile, await RedisServer.StartAsync(), null)
        : new KillStorage(profile, null, await AzuriteServer.StartAsync());

    public async Task RestartAsync()
    {
        if (_redis is { } redis)
        {
            await redis.KillAsync();
            await redis.StartProcessAsync();
        }
        else
        {
            await _azurite!.StopAsync();
            await _azurite.StartProcessAsync();
        }
    }

    /// <summary>Silos Azurite's membership table itself lists as active for the cluster (null on Redis, where the dashboard's count is what is checked).</summary>
    public async Task<int?> ActiveSilosAsync(string clusterId)
    {
        if (_azurite is null)
        {
            return null;
        }

        // The membership table is named after the service id ("journey"): journeymembers.
        var table = new Azure.Data.Tables.TableClient(_azurite.ConnectionString, "journeymembers");
        var active = 0;
        await foreach (var entity in table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == clusterId))
        {
            if (entity.TryGetValue("Status", out var status) && status as string == "Active")
            {
                active++;
            }
        }

        return active;
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
