namespace Journey.Grains;

public sealed class CaseGrain(
    [PersistentState("case-link", StorageNames.Journey)] IPersistentState<CaseLink> link) : Grain, ICaseGrain
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

    public Task<string?> GetOwner() => Task.FromResult(link.State.CustomerId);

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
