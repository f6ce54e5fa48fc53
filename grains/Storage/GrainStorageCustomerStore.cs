using Journey.Domain;
using Orleans.Storage;

namespace Journey.Grains.Storage;

/// <summary>
/// Customers as whole states in an Orleans grain storage provider (the Azure Blob profile), under
/// the same name and layout as before the log existed (state "customer" of grain type "customer"),
/// the ETag as fence. Every write is a snapshot: there is no log to append to.
/// </summary>
public sealed class GrainStorageCustomerStore(IGrainStorage storage) : ICustomerStore
{
    public const string StateName = "customer";

    public Task ForgetLegacyAsync(string key) => Task.CompletedTask;

    public bool WholeStateOnly => true;

    public bool OutlivesProcess => true;

    public static GrainId GrainIdOf(string key) => GrainId.Create("customer", key);

    public async Task<StoredCustomer> ReadAsync(string key)
    {
        var state = new GrainState<CustomerState>();
        await storage.ReadStateAsync(StateName, GrainIdOf(key), state);
        return state.RecordExists && state.State is { } stored ? new StoredCustomer(stored, [], state.ETag) : StoredCustomer.None with { Fence = state.ETag };
    }

    public async Task ClearAsync(string key)
    {
        var state = new GrainState<CustomerState>();
        await storage.ReadStateAsync(StateName, GrainIdOf(key), state);
        if (state.RecordExists)
        {
            await storage.ClearStateAsync(StateName, GrainIdOf(key), state);
        }
    }

    public async Task<AppendResult> AppendAsync(CustomerAppend append)
    {
        var state = new GrainState<CustomerState>(append.Snapshot ?? throw new ArgumentException("whole-state storage needs a snapshot with every write", nameof(append)), append.Fence);
        try
        {
            await storage.WriteStateAsync(StateName, GrainIdOf(append.Key), state);
            return new AppendResult(true, state.ETag);
        }
        catch (InconsistentStateException)
        {
            return AppendResult.Fenced;
        }
    }
}
