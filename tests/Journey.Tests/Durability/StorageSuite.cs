using Grpc.Core;
using Journey.Api.V1;
using Journey.Grains;
using Journey.Grains.Storage;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Journey.Tests.Durability;

/// <summary>One storage test suite, run against every durable profile.</summary>
public abstract class StorageSuite<TFixture>(TFixture host)
    where TFixture : JourneyHostFixture, IDurableStorage
{
    private JourneyService.JourneyServiceClient Client => new(host.Grpc);

    private IGrainStorage Storage => host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Journey);

    private ICustomerStore Customers => host.Services.GetRequiredService<ICustomerStore>();

    [Fact]
    public async Task Round_trip_through_the_API_and_the_provider()
    {
        var customer = Sample.NewId("c");
        await PushInvoiceAndPaymentAsync(customer);

        var read = await Client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer });
        Assert.Equal((2L, "60.00"), (read.Version, read.Cases[0].AmountDue));

        // A log store holds the two steps as appends (each the touchpoint it took, under policy and version); a whole-state store holds the state.
        var stored = await Customers.ReadAsync(GrainKeys.Of("webshop", customer));
        Assert.False(string.IsNullOrEmpty(stored.Fence));
        if (Customers.Snapshots.Every == 1)
        {
            Assert.Equal((2L, 60.00m), (stored.Snapshot!.Version, stored.Snapshot.Cases[0].AmountDue));
            Assert.Empty(stored.Tail);
        }
        else
        {
            Assert.Null(stored.Snapshot);
            Assert.Equal([(1L, Domain.TouchpointType.INVOICE_ISSUED), (2L, Domain.TouchpointType.PAYMENT_RECEIVED)], stored.Tail.Select(e => (e.Version, Assert.Single(e.Touchpoints).Type)));
            Assert.Equal($"{customer}-pay", stored.Tail[1].Touchpoints[0].EventId);
        }
    }

    [Fact]
    public async Task Acknowledged_touchpoints_survive_a_restart_of_the_engine()
    {
        var customer = Sample.NewId("c");
        await PushInvoiceAndPaymentAsync(customer);
        var duplicate = Touchpoint(customer, TouchpointType.PaymentReceived, "40.00", eventId: $"{customer}-pay");

        await host.RestartAsync();

        var read = await Client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer });
        Assert.Equal((2L, 2L, "60.00"), (read.Version, read.TimelineCount, read.Cases[0].AmountDue));
        Assert.True((await Client.PushAsync(duplicate)).Duplicate);
    }

    [Fact]
    public async Task A_stale_ETag_never_overwrites_silently()
    {
        var grainId = GrainId.Create("storage-test", Guid.NewGuid().ToString("N"));
        var first = new GrainState<CaseLink> { State = new CaseLink { CustomerId = "first" } };
        var rival = new GrainState<CaseLink> { State = new CaseLink { CustomerId = "rival" } };

        await Storage.WriteStateAsync("case-link", grainId, first);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("case-link", grainId, rival));

        var reader = new GrainState<CaseLink> { State = new() };
        await Storage.ReadStateAsync("case-link", grainId, reader);
        first.State = new CaseLink { CustomerId = "first, again" };
        await Storage.WriteStateAsync("case-link", grainId, first);
        reader.State = new CaseLink { CustomerId = "stale" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("case-link", grainId, reader));

        var check = new GrainState<CaseLink> { State = new() };
        await Storage.ReadStateAsync("case-link", grainId, check);
        Assert.Equal("first, again", check.State.CustomerId);
    }

    [Fact]
    public async Task Clear_removes_the_state_and_refuses_a_stale_ETag()
    {
        var grainId = GrainId.Create("storage-test", Guid.NewGuid().ToString("N"));
        var state = new GrainState<CaseLink> { State = new CaseLink { CustomerId = "someone" } };
        await Storage.WriteStateAsync("case-link", grainId, state);
        var stale = new GrainState<CaseLink> { State = new() };
        await Storage.ReadStateAsync("case-link", grainId, stale);
        state.State = new CaseLink { CustomerId = "changed" };
        await Storage.WriteStateAsync("case-link", grainId, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync("case-link", grainId, stale));
        await Storage.ClearStateAsync("case-link", grainId, state);

        var read = new GrainState<CaseLink> { State = new() };
        await Storage.ReadStateAsync("case-link", grainId, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.State.CustomerId);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task A_conflicting_write_makes_the_grain_reload_and_the_retry_succeeds()
    {
        var customer = Sample.NewId("c");
        await PushInvoiceAndPaymentAsync(customer);

        // Another writer (a stale activation elsewhere, as far as this one can tell) writes the customer behind the active grain's back.
        var key = GrainKeys.Of("webshop", customer);
        var behind = (await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICustomerGrain>(key).Get())!;
        var written = await Customers.AppendAsync(new CustomerAppend(key, (await Customers.ReadAsync(key)).Fence, behind.Version + 10, null, behind with { Version = behind.Version + 10 }));
        Assert.True(written.Committed);

        var visit = Touchpoint(customer, TouchpointType.WebVisit, eventId: $"{customer}-visit");
        var conflict = await Assert.ThrowsAsync<RpcException>(() => Client.PushAsync(visit).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, conflict.StatusCode);
        Assert.Contains(nameof(StaleActivationException), conflict.Status.Detail);

        var retried = await Client.PushAsync(visit);
        Assert.False(retried.Duplicate);
        Assert.Equal(13, retried.Version);
    }

    [Fact]
    public async Task With_storage_down_ingest_answers_UNAVAILABLE_and_a_retry_after_recovery_counts_once()
    {
        var customer = Sample.NewId("c");
        await PushInvoiceAndPaymentAsync(customer);
        var late = Touchpoint(customer, TouchpointType.PaymentReceived, "10.00", eventId: $"{customer}-late");

        await host.StopStorageAsync();
        try
        {
            var asked = System.Diagnostics.Stopwatch.StartNew();
            var refused = await Assert.ThrowsAsync<RpcException>(() => Client.PushAsync(late, deadline: DateTime.UtcNow.AddSeconds(60)).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            Assert.True(asked.Elapsed < TimeSpan.FromSeconds(10), $"refused only after {asked.Elapsed.TotalSeconds:0.0} s");

            var ready = await Until.MatchAsync(
                async () =>
                {
                    using var response = await host.Http.GetAsync("/health/ready");
                    return response.StatusCode;
                },
                status => status != System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(20), "readiness stayed OK with the storage down", TimeSpan.FromMilliseconds(500));

            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready);
        }
        finally
        {
            await host.StartStorageAsync();
        }

        var receipt = await RetryAsync(() => Client.PushAsync(late).ResponseAsync);
        Assert.False(receipt.Duplicate);
        Assert.True((await Client.PushAsync(late)).Duplicate);
        var read = await Client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer });
        Assert.Equal(("50.00", 3L), (read.Cases[0].AmountDue, read.TimelineCount));
    }

    private async Task PushInvoiceAndPaymentAsync(string customer)
    {
        await Client.PushAsync(Touchpoint(customer, TouchpointType.InvoiceIssued, "100.00", caseId: $"{customer}-inv", dueDate: "2026-03-15"));
        await Client.PushAsync(Touchpoint(customer, TouchpointType.PaymentReceived, "40.00", caseId: $"{customer}-inv", eventId: $"{customer}-pay"));
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Unavailable && attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }

    private static Journey.Api.V1.Touchpoint Touchpoint(string customer, TouchpointType type, string? amount = null, string? caseId = null, string? dueDate = null, string? eventId = null) => new()
    {
        EventId = eventId ?? Sample.NewId("e"),
        Tenant = "webshop",
        CustomerId = customer,
        CaseId = caseId ?? "",
        Type = type,
        OccurredAt = "2026-03-02T10:00:00+01:00",
        Amount = amount ?? "",
        Currency = amount is null ? "" : "EUR",
        DueDate = dueDate ?? "",
    };
}

public sealed class RedisStorageTests(RedisStorageFixture host) : StorageSuite<RedisStorageFixture>(host), IClassFixture<RedisStorageFixture>;

public sealed class AzureBlobStorageTests(AzureBlobStorageFixture host) : StorageSuite<AzureBlobStorageFixture>(host), IClassFixture<AzureBlobStorageFixture>;

/// <summary>
/// The customer store of the durable profiles: the port's contract (against a store of the adapter
/// made per test on the fixture's Redis or Azurite), fencing per customer within one group commit,
/// customers stored by earlier versions, snapshots at shutdown.
/// </summary>
public abstract class CustomerStoreSuite<TFixture>(TFixture host) : StoreContract
    where TFixture : JourneyHostFixture, IDurableStorage
{
    /// <summary>Whole states in the host's own grain storage (customers of earlier versions read from there).</summary>
    protected Journey.Storage.WholeStates HostStates => new(host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Journey));

    protected TFixture Host => host;

    private ICustomerStore Customers => host.Services.GetRequiredService<ICustomerStore>();

    [Fact]
    public async Task A_stale_write_is_refused_for_its_customer_only_and_the_writes_beside_it_commit()
    {
        var (stale, fresh) = (GrainKeys.Of("webshop", Sample.NewId("c")), GrainKeys.Of("webshop", Sample.NewId("c")));
        var first = await Customers.AppendAsync(Snapshot(stale, null, 1));
        Assert.True(first.Committed);
        Assert.True((await Customers.AppendAsync(Snapshot(stale, first.Fence, 2))).Committed);

        // Both at once, as one silo's group commit carries them: the first presents the fence of version 1, long gone.
        var results = await Task.WhenAll(Customers.AppendAsync(Snapshot(stale, first.Fence, 3)), Customers.AppendAsync(Snapshot(fresh, null, 1)));

        Assert.Equal([false, true], results.Select(r => r.Committed));
        Assert.Equal(2, (await Customers.ReadAsync(stale)).Snapshot!.Version);
        Assert.Equal(1, (await Customers.ReadAsync(fresh)).Snapshot!.Version);
    }

    [Fact]
    public async Task A_customer_stored_whole_by_the_grain_storage_of_earlier_versions_reads_and_moves_on()
    {
        var customer = Sample.NewId("c");
        var key = GrainKeys.Of("webshop", customer);
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Journey);
        var old = Domain.CustomerJourney.Empty("webshop", customer) with
        {
            Version = 7,
            TimelineCount = 1,
            Timeline = [new Domain.Touchpoint($"{customer}-visit", "webshop", customer, null, Domain.TouchpointType.WEB_VISIT, new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(1)), Domain.Channel.WEB, null, null, null, null, null, [])],
        };
        await storage.WriteStateAsync(Journey.Storage.WholeStates.StateName, Journey.Storage.WholeStates.GrainIdOf(key), new GrainState<Domain.CustomerState>(old));

        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        var read = await client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer });
        Assert.Equal((7L, 1L), (read.Version, read.TimelineCount));
        var receipt = await client.PushAsync(new Journey.Api.V1.Touchpoint
        {
            EventId = $"{customer}-app", Tenant = "webshop", CustomerId = customer, Type = TouchpointType.AppOpened, OccurredAt = "2026-03-02T10:00:00+01:00", Channel = Journey.Api.V1.Channel.App,
        });
        var again = await client.PushAsync(new Journey.Api.V1.Touchpoint
        {
            EventId = $"{customer}-visit", Tenant = "webshop", CustomerId = customer, Type = TouchpointType.WebVisit, OccurredAt = "2026-03-01T09:00:00+01:00", Channel = Journey.Api.V1.Channel.Web,
        });

        Assert.Equal(8, receipt.Version);
        Assert.True(again.Duplicate);
        var stored = await Customers.ReadAsync(key);
        Assert.Equal((8L, 2L), (stored.Snapshot!.Version, stored.Snapshot.TimelineCount));
        Assert.False(stored.FromLegacy);
    }

    [Fact]
    public async Task A_silo_that_stops_leaves_snapshots_so_the_next_one_replays_nothing()
    {
        var customer = Sample.NewId("c");
        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        foreach (var (suffix, type) in new[] { ("app", TouchpointType.AppOpened), ("visit", TouchpointType.WebVisit) })
        {
            await client.PushAsync(Sample.Pushed(customer, suffix, type, Journey.Api.V1.Channel.App));
        }

        await host.RestartAsync();

        var stored = await Customers.ReadAsync(GrainKeys.Of("webshop", customer));
        Assert.Equal(2, stored.Snapshot?.Version);
        Assert.Empty(stored.Tail);
        var read = await new JourneyService.JourneyServiceClient(host.Grpc).GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer });
        Assert.Equal((2L, 2L), (read.Version, read.TimelineCount));
    }

    [Fact]
    public async Task Recovery_puts_back_a_listing_and_a_wake_up_that_a_write_did_not_get_to()
    {
        // A customer whose write committed and whose listing and wake-up did not (Azure writes them after
        // the state; a silo that dies in between leaves the customer's marker to recovery).
        var customer = Sample.NewId("c");
        var key = GrainKeys.Of("webshop", customer);
        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        await client.PushAsync(new Journey.Api.V1.Touchpoint
        {
            EventId = $"{customer}-inv", Tenant = "webshop", CustomerId = customer, CaseId = $"{customer}-inv", Type = TouchpointType.InvoiceIssued,
            OccurredAt = "2026-03-02T10:00:00+01:00", Amount = "100.00", Currency = "EUR", DueDate = "2036-03-15",
        });
        var (directoryShard, scheduleShard) = (Journey.Abstractions.Directory.CustomerDirectory.ShardOf(customer), Journey.Abstractions.Scheduling.WakeSchedule.ShardOf(key));
        var overdueFrom = Journey.Abstractions.Scheduling.WakeSchedule.MinuteOf(new DateTimeOffset(2036, 3, 16, 0, 0, 0, TimeSpan.FromHours(1)));
        Assert.Contains(customer, await Customers.PageAsync("webshop", directoryShard, null, 10_000));
        Assert.Contains((key, overdueFrom), await Customers.DueAsync(scheduleShard, overdueFrom, 100_000));

        await Customers.DelistAsync("webshop", customer);
        await Customers.RescheduleAsync(key, null);
        Assert.DoesNotContain(customer, await Customers.PageAsync("webshop", directoryShard, null, 10_000));

        await host.Services.GetRequiredService<IGrainFactory>().Customer(key).RecoverEffects(0);

        Assert.Contains(customer, await Customers.PageAsync("webshop", directoryShard, null, 10_000));
        Assert.Contains((key, overdueFrom), await Customers.DueAsync(scheduleShard, overdueFrom, 100_000));
    }

    private static CustomerAppend Snapshot(string key, string? fence, long version)
    {
        var (tenant, id) = GrainKeys.Parse(key);
        return new CustomerAppend(key, fence, version, null, Domain.CustomerJourney.Empty(tenant, id) with { Version = version });
    }
}

public sealed class RedisCustomerStoreTests(RedisStorageFixture host) : CustomerStoreSuite<RedisStorageFixture>(host), IClassFixture<RedisStorageFixture>
{
    protected override ICustomerStore NewStore() =>
        new Journey.Storage.RedisCustomerStore(StackExchange.Redis.ConnectionMultiplexer.Connect(Host.Redis.ConnectionString), $"contract-{Guid.NewGuid():N}", HostStates);
}

public sealed class AzureBlobCustomerStoreTests(AzureBlobStorageFixture host) : CustomerStoreSuite<AzureBlobStorageFixture>(host), IClassFixture<AzureBlobStorageFixture>
{
    protected override ICustomerStore NewStore()
    {
        var tables = new Azure.Data.Tables.TableServiceClient(Host.Azurite.ConnectionString);
        var prefix = $"c{Guid.NewGuid():N}"[..12];
        return new Journey.Storage.AzureCustomerStore(HostStates, tables.GetTableClient(prefix + "effects"), tables.GetTableClient(prefix + "indexes"), TimeProvider.System);
    }
}
