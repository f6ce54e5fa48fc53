namespace Journey.Grains;

/// <summary>
/// The case's own grain: who owns it. Customers claim their case ids in their own writes, so the
/// store's index answers; a link the case grain of earlier versions kept in its own state is read
/// first, and released with the customer.
/// </summary>
public sealed class CaseGrain(
    [PersistentState("case-link", StorageNames.Journey)] IPersistentState<CaseLink> link,
    Storage.ICustomerStore store) : Grain, ICaseGrain
{
    public async Task<string?> GetOwner()
    {
        if (link.State.CustomerId is { } owner)
        {
            return owner;
        }

        var (tenant, caseId) = GrainKeys.Parse(this.GetPrimaryKeyString());
        return await store.OwnerOfAsync(tenant, caseId);
    }

    public async Task Release(string customerId)
    {
        if (link.State.CustomerId == customerId)
        {
            await link.ClearStateAsync();
            link.State = new CaseLink();
        }

        DeactivateOnIdle();
    }
}
