using System.Collections.Concurrent;
using System.Text.Json;
using Journey.Domain.Rules;
using Journey.Grains;
using Journey.Grains.Statistics;
using Journey.Silo;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using static Journey.Tests.Infrastructure.Sample;

namespace Journey.Tests.Grains;

[Collection(ClusterCollection.Name)]
public class StatisticsShardGrainTests(ClusterFixture fixture)
{
    private static StatisticsDelivery Delivery(string customer, long sequence, double days) =>
        new(customer, new StatisticsBatch(sequence, [new StatisticsFact("paid|REMINDER|EMAIL|r1", days)]));

    [Fact]
    public async Task A_batch_resent_late_or_twice_is_counted_once_and_a_forgotten_customer_starts_afresh()
    {
        var shard = fixture.Grains.GetGrain<IStatisticsShardGrain>(NewId("t") + "/0");
        await Task.WhenAll(
            shard.Add([Delivery("c1", 1, 2), Delivery("c1", 2, 3)]),
            shard.Add([Delivery("c2", 1, 10)]),
            shard.Add([Delivery("c1", 1, 2)]));

        // Much later, after a crash: the customer resends what it had not seen acknowledged, and one new batch.
        await shard.Add([Delivery("c1", 1, 2), Delivery("c1", 2, 3), Delivery("c1", 3, 4)]);
        await fixture.DeactivateAllAsync();

        var counter = (await shard.Counters())["paid|REMINDER|EMAIL|r1"];
        Assert.Equal((4L, 19.0), (counter.Count, counter.Sum));

        // Erased, then a fresh record for the same id: its numbering continues, and it counts.
        await shard.Forget("c1");
        await shard.Add([Delivery("c1", 4, 1)]);
        Assert.Equal(5L, (await shard.Counters())["paid|REMINDER|EMAIL|r1"].Count);
    }
}

/// <summary>A statistics shard whose write failed: the batch it could not make durable is counted once the customer resends it, never lost and never twice.</summary>
public class StatisticsShardWriteFailureTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    private FlakyStorage Storage => (FlakyStorage)((InProcessSiloHandle)_cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Journey);

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ClusterId = $"test-{Guid.NewGuid():N}";
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_queued_behind_a_failed_write_is_refused_until_the_shard_reloads_and_then_counted_once()
    {
        var shard = _cluster.GrainFactory.GetGrain<IStatisticsShardGrain>(NewId("t") + "/0");
        StatisticsDelivery Batch(long sequence) => new("c1", new StatisticsBatch(sequence, [new StatisticsFact("paid|-|-|-", 1)]));
        await shard.Add([Batch(1)]);

        // A write that fails, and the same batch again while it is under way (a resend, queued behind it).
        Storage.FailWrites = true;
        var failing = shard.Add([Batch(2)]);
        await Until.TrueAsync(() => Task.FromResult(Storage.FailedWrites > 0), TimeSpan.FromSeconds(10), "the shard's write never started");
        var queued = shard.Add([Batch(2)]);
        await Assert.ThrowsAnyAsync<Exception>(() => failing);
        Storage.FailWrites = false;

        // The effect dispatcher resends only what was not acknowledged, until it is; so does the test, within a deadline.
        if (!await Acknowledged(queued))
        {
            await Until.TrueAsync(() => Acknowledged(shard.Add([Batch(2)])), TimeSpan.FromSeconds(20), "the shard kept refusing the resent batch");
        }

        // Hand count: batch 1 and batch 2, once each.
        Assert.Equal(2L, (await shard.Counters())["paid|-|-|-"].Count);

        // What it acknowledged is what storage holds: a fresh activation reads it back.
        var reads = Storage.Reads;
        await _cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(2L, (await shard.Counters())["paid|-|-|-"].Count);
        Assert.True(Storage.Reads > reads, "the shard was not activated again");
    }

    private static async Task<bool> Acknowledged(Task add)
    {
        try
        {
            await add;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddJourneyGrainServices();
            siloBuilder.Services.AddKeyedSingleton<IGrainStorage, FlakyStorage>(StorageNames.Journey);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.AddSerializer(serializer => serializer.AddJourneySerialization());
    }

    /// <summary>Grain storage that keeps a JSON copy of each state and, while told to, fails every write a second after it began.</summary>
    private sealed class FlakyStorage : IGrainStorage
    {
        private readonly ConcurrentDictionary<string, (byte[] Json, string ETag)> _stored = new(StringComparer.Ordinal);
        private int _reads;
        private int _failed;

        public volatile bool FailWrites;

        public int Reads => Volatile.Read(ref _reads);

        public int FailedWrites => Volatile.Read(ref _failed);

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Interlocked.Increment(ref _reads);
            if (_stored.TryGetValue($"{stateName}/{grainId}", out var stored))
            {
                (grainState.State, grainState.ETag, grainState.RecordExists) = (JsonSerializer.Deserialize<T>(stored.Json)!, stored.ETag, true);
            }

            return Task.CompletedTask;
        }

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (FailWrites)
            {
                // Held open a while (not a wait before asserting): the resend must arrive while this write is under way.
                Interlocked.Increment(ref _failed);
                await Task.Delay(TimeSpan.FromSeconds(1));
                throw new IOException("storage unavailable (a test's failure)");
            }

            var etag = Guid.NewGuid().ToString("N");
            _stored[$"{stateName}/{grainId}"] = (JsonSerializer.SerializeToUtf8Bytes(grainState.State), etag);
            (grainState.ETag, grainState.RecordExists) = (etag, true);
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            _stored.TryRemove($"{stateName}/{grainId}", out _);
            (grainState.ETag, grainState.RecordExists) = (null, false);
            return Task.CompletedTask;
        }
    }
}
