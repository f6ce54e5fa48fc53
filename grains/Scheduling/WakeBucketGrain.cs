using System.Collections.Immutable;

namespace Journey.Grains.Scheduling;

public sealed class WakeBucketGrain(
    [PersistentState("wake-bucket", StorageNames.Journey)] IPersistentState<WakeBucket> bucket) : Grain, IWakeBucketGrain
{
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
