using System.Collections.Immutable;

namespace Journey.Grains.Scheduling;

public sealed class WakeBucketGrain(
    [PersistentState("wake-bucket", StorageNames.Journey)] IPersistentState<WakeBucket> bucket) : Grain, IWakeBucketGrain
{
    public async Task<bool> Add(string customerKey)
    {
        var before = bucket.State.Customers;
        if (before.Contains(customerKey))
        {
            return false;
        }

        bucket.State = new WakeBucket { Customers = before.Add(customerKey) };
        await bucket.WriteStateAsync();
        return before.IsEmpty;
    }

    public async Task<ImmutableArray<string>> Take()
    {
        var customers = bucket.State.Customers;
        if (!customers.IsEmpty)
        {
            await bucket.ClearStateAsync();
            bucket.State = new WakeBucket();
        }

        DeactivateOnIdle();
        return [.. customers.Order(StringComparer.Ordinal)];
    }
}
