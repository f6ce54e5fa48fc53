using Grpc.Core;
using Journey.Api.V1;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Grains;
using Journey.Grains.Storage;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journey.Tests.Durability;

/// <summary>
/// Effects of an acknowledged step that died with their silo's memory: the step's write marked the
/// customer, and recovery finds the marker and has the effects delivered, with no touchpoint, wake-up
/// or read of that customer ever arriving.
/// </summary>
public sealed class EffectRecoveryTests(RedisStorageFixture host) : IClassFixture<RedisStorageFixture>
{
    private IEffectMarkers Markers => (IEffectMarkers)host.Services.GetRequiredService<ICustomerStore>();

    private ICustomerStore Customers => host.Services.GetRequiredService<ICustomerStore>();

    [Fact]
    public async Task A_marker_is_cleared_only_up_to_the_moment_it_names()
    {
        var key = GrainKeys.Of("webshop", Sample.NewId("c"));
        var (tenant, id) = GrainKeys.Parse(key);
        var first = await Customers.AppendAsync(new CustomerAppend(key, null, 1, null, CustomerJourney.Empty(tenant, id) with { Version = 1 }) { EffectsMarkedAt = 1_000 });
        await Customers.AppendAsync(new CustomerAppend(key, first.Fence, 2, null, CustomerJourney.Empty(tenant, id) with { Version = 2 }) { EffectsMarkedAt = 2_000 });

        // The first write's effects were delivered; the second write marked the customer again meanwhile.
        await Markers.SettleAsync([(key, 1_000)]);
        Assert.Contains((key, 2_000L), await Markers.UnsettledAsync(2_001, 100_000));

        await Markers.SettleAsync([(key, 2_000)]);
        Assert.DoesNotContain(key, (await Markers.UnsettledAsync(long.MaxValue, 100_000)).Select(m => m.CustomerKey));
    }

    [Fact]
    public async Task A_customer_whose_silo_died_before_its_outbox_entries_left_gets_them_delivered_without_ever_being_touched()
    {
        // A customer as its last acknowledged write left it: a reminder dispatched, nothing of it delivered, the marker ten minutes old.
        var id = Sample.NewId("c");
        var key = GrainKeys.Of("webshop", id);
        var policy = PolicyParser.Parse("webshop", File.ReadAllText(Path.Combine(Repository.Root, "policies", "webshop.yaml"))).Policy! with { Version = 1 };
        var at = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1));
        var invoice = new Domain.Touchpoint($"{id}-inv", "webshop", id, $"{id}-order", Domain.TouchpointType.INVOICE_ISSUED, at, null, null, 120m, "EUR", new DateOnly(2026, 2, 20), null, []);
        var state = JourneyStep.Touchpoints(CustomerJourney.Empty("webshop", id), [invoice], policy, at, JourneySettings.Default).State;
        state = JourneyStep.Wake(state, policy, at.AddDays(40), JourneySettings.Default).State;
        var dispatched = state.Actions.Where(a => a.Status == Domain.Policies.ActionStatus.DISPATCHED).Select(a => a.ActionId).ToHashSet();
        Assert.NotEmpty(dispatched);
        var markedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        Assert.True((await Customers.AppendAsync(new CustomerAppend(key, null, state.Version, null, state) { EffectsMarkedAt = markedAt })).Committed);

        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        using var until = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = client.WatchActions(new WatchActionsRequest { Tenant = "webshop" }, cancellationToken: until.Token);
        var seen = new List<string>();
        try
        {
            await foreach (var envelope in watch.ResponseStream.ReadAllAsync(until.Token))
            {
                if (envelope.Kind == ActionEnvelope.Types.Kind.Dispatch && envelope.Action.CustomerId == id)
                {
                    seen.Add(envelope.Action.ActionId);
                }

                if (dispatched.IsSubsetOf(seen))
                {
                    break;
                }
            }
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled)
        {
        }

        Assert.True(dispatched.IsSubsetOf(seen), $"recovery delivered {seen.Count} of the customer's {dispatched.Count} dispatched actions within 60 s");
        Assert.Equal(seen.Count, seen.Distinct().Count());

        // Once delivered, the marker goes.
        await Until.TrueAsync(async () => !(await Markers.UnsettledAsync(long.MaxValue, 100_000)).Any(m => m.CustomerKey == key),
            TimeSpan.FromSeconds(30), "the marker was still there 30 s after its effects were delivered", TimeSpan.FromMilliseconds(100));
    }
}
