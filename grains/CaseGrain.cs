namespace Journey.Grains;

/// <summary>
/// The case's own grain: who owns it. Where the customer store keeps case owners (claimed in the
/// customers' own writes), it reads them from there; links written before that, and the links of
/// stores without owners, are its own state.
/// </summary>
public sealed class CaseGrain(
    [PersistentState("case-link", StorageNames.Journey)] IPersistentState<CaseLink> link,
    Storage.ICustomerStore store) : Grain, ICaseGrain
{
    public async Task<CaseLinkResult> Link(string customerId)
    {
        if (link.State.CustomerId is { } owner)
        {
            return owner == customerId ? CaseLinkResult.Linked : CaseLinkResult.OwnedByAnotherCustomer;
        }

        link.State = new CaseLink { CustomerId = customerId };
        await link.WriteStateAsync();

        // The owner remembers the link from here on; a resident link would only hold memory per case.
        DeactivateOnIdle();
        return CaseLinkResult.Linked;
    }

    public async Task<string?> GetOwner()
    {
        if (link.State.CustomerId is null && store is Storage.ICustomerIndexes indexes)
        {
            var (tenant, caseId) = GrainKeys.Parse(this.GetPrimaryKeyString());
            return await indexes.OwnerOfAsync(tenant, caseId);
        }

        return link.State.CustomerId;
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
