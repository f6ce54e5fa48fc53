using Journey.Domain;
using Journey.Grains;
using Journey.Grains.Effects;
using Journey.Grains.Storage;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Journey.Tests.Infrastructure.Sample;

namespace Journey.Tests.Grains;

/// <summary>
/// Guards the customer's memory: statistics batches the tenant's statistics counted leave the state
/// with the customer's next write (recorded in that write's log entry, which a replay follows), not only
/// at its next snapshot, up to 64 writes later.
/// </summary>
[Collection(JourneyHostCollection.Name)]
public class StatisticsReceiptTests(JourneyHostFixture host)
{
    [Fact]
    public async Task Counted_statistics_leave_the_state_with_the_next_append_and_its_log_entry_says_so()
    {
        var id = NewId("sr");
        var key = GrainKeys.Of("webshop", id);
        var grain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICustomerGrain>(key);
        await grain.Ingest([Touchpoint(id, TouchpointType.INVOICE_ISSUED, "inv-" + id, 100m, new DateOnly(2026, 3, 15))]);
        await grain.Ingest([Touchpoint(id, TouchpointType.PAYMENT_RECEIVED, "inv-" + id, 40m)]);
        var before = (await grain.Get())!;
        Assert.NotEmpty(before.PendingStatistics);

        // Delivered (as a tenant-wide read would have it) and known counted on this silo.
        var effects = host.Services.GetRequiredService<EffectDispatcher>();
        await effects.DrainAsync(TimeSpan.FromSeconds(10));
        await Until.TrueAsync(() => Task.FromResult(effects.StatisticsCountedThrough(key) >= before.StatisticsSequence), TimeSpan.FromSeconds(10),
            "the statistics shard never acknowledged the customer's batches");

        await grain.Ingest([Touchpoint(id, TouchpointType.APP_OPENED)]);

        var after = (await grain.Get())!;
        Assert.Equal(before.Version + 1, after.Version);
        Assert.DoesNotContain(after.PendingStatistics, b => b.Sequence <= before.StatisticsSequence);
        var stored = await host.Services.GetRequiredService<ICustomerStore>().ReadAsync(key);
        var last = stored.Tail[^1];
        Assert.Equal((after.Version, before.StatisticsSequence), (last.Version, last.StatisticsCountedThrough));

        // A new activation (snapshot and log) holds the same.
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        Assert.Equal(1, await Activations.CountAsync(grains, grain));
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Activations.GoneAsync(grains, grain);
        var again = (await grain.Get())!;
        Assert.Equal(after.Version, again.Version);
        Assert.DoesNotContain(again.PendingStatistics, b => b.Sequence <= before.StatisticsSequence);
    }
}
