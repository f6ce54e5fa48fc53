using Journey.Domain;
using Journey.Grains;
using Journey.Grains.Storage;
using Orleans.Runtime;
using Orleans.Storage;

namespace Journey.Storage;

/// <summary>
/// Customers as whole states in an Orleans grain storage provider, under the same name and layout as
/// before the log existed (state "customer" of grain type "customer"), the ETag as fence: the Azure
/// adapter's states, and where the log stores read customers stored by earlier versions.
/// </summary>
public sealed class WholeStates(IGrainStorage storage)
{
    public const string StateName = "customer";

    public static GrainId GrainIdOf(string key) => GrainId.Create("customer", key);

    /// <summary>
    /// Where the Orleans Redis grain storage keeps a customer's whole state: its default key,
    /// <c>{serviceId}/state/{grain type}/{grain key}/{state name}</c> (Journey sets no other), so the
    /// Redis log can ask in its own read whether an earlier version stored the customer.
    /// </summary>
    public static string RedisKeyOf(string serviceId, string key) => $"{serviceId}/state/customer/{key}/{StateName}";

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

    /// <summary>Writes the whole state the append carries, presenting its fence.</summary>
    public async Task<AppendResult> WriteAsync(CustomerAppend append)
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

    /// <summary>Who owned a case according to the case grain's own state of earlier versions ("case-link" of grain type "case"), if anyone.</summary>
    public async Task<string?> LegacyCaseOwnerAsync(string caseKey)
    {
        var link = new GrainState<CaseLink>();
        await storage.ReadStateAsync("case-link", GrainId.Create("case", caseKey), link);
        return link.RecordExists ? link.State?.CustomerId : null;
    }
}
