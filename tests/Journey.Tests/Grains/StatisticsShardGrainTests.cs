using Journey.Domain.Rules;
using Journey.Grains.Statistics;
using Journey.Tests.Infrastructure;
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
