using System.Collections.Immutable;
using Journey.Domain;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Journey.Grains;

public sealed class CustomerGrain(
    [PersistentState("customer", StorageNames.Journey)] IPersistentState<CustomerState> customer,
    JourneySettings settings,
    ILogger<CustomerGrain> logger) : Grain, ICustomerGrain
{
    /// <summary>Watchers re-register within this lease; a watcher that stops doing so is forgotten.</summary>
    public static readonly TimeSpan WatchLease = TimeSpan.FromMinutes(1);

    private readonly ObserverManager<ICustomerWatcher> _watchers = new(WatchLease, logger);

    // Cases whose owner link is known to point here, so a case grain is asked once per activation.
    private readonly HashSet<string> _linkedCases = new(StringComparer.Ordinal);

    private CustomerState Current => customer.State is { Exists: true } state ? state : Empty;

    private CustomerState Empty
    {
        get
        {
            var (tenant, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
            return CustomerJourney.Empty(tenant, id);
        }
    }

    public async Task<ImmutableArray<IngestOutcome>> Ingest(ImmutableArray<Touchpoint> batch)
    {
        var before = Current;
        var state = before;
        var outcomes = ImmutableArray.CreateBuilder<IngestOutcome>(batch.Length);
        var acceptedIds = ImmutableArray.CreateBuilder<string>();

        foreach (var touchpoint in batch)
        {
            if (touchpoint.CaseId is { } caseId && !state.HasSeen(touchpoint.EventId) && !await OwnsCase(state, caseId))
            {
                outcomes.Add(Rejected(touchpoint, "caseId", $"case '{caseId}' belongs to another customer"));
                continue;
            }

            var result = CustomerJourney.Apply(state, touchpoint, settings);
            state = result.State;
            outcomes.Add(new IngestOutcome(touchpoint.EventId, ToStatus(result.Status), 0, result.Errors));
            if (result.Status == ApplyStatus.Accepted)
            {
                acceptedIds.Add(touchpoint.EventId);
            }
        }

        if (acceptedIds.Count > 0)
        {
            state = await Persist(before, state with { Version = before.Version + 1 });
            await _watchers.Notify(w => w.OnChanged(new CustomerChanged(state.Tenant, state.CustomerId, state.Version, acceptedIds.ToImmutable())));
        }

        var version = state.Version;
        return [.. outcomes.Select(o => o.Status == IngestStatus.Rejected ? o : o with { Version = version })];
    }

    public Task<CustomerState?> Get() => Task.FromResult(customer.State is { Exists: true } state ? state : null);

    public async Task<ImmutableArray<Touchpoint>> GetArchive()
    {
        var state = Current;
        var pages = await Task.WhenAll(Enumerable.Range(0, state.ArchivedPages)
            .Select(page => GrainFactory.GetGrain<ITimelineArchiveGrain>(GrainKeys.ArchivePage(state.Tenant, state.CustomerId, page)).Read()));
        return [.. pages.SelectMany(p => p)];
    }

    public Task<long> Watch(ICustomerWatcher watcher)
    {
        _watchers.Subscribe(watcher, watcher);
        return Task.FromResult(Current.Version);
    }

    public Task Unwatch(ICustomerWatcher watcher)
    {
        _watchers.Unsubscribe(watcher);
        return Task.CompletedTask;
    }

    public Task<string> GetActivationId() => Task.FromResult(this.GetGrainId() + "@" + RuntimeIdentity + "#" + GetHashCode());

    private async Task<CustomerState> Persist(CustomerState before, CustomerState next)
    {
        var (archived, page) = CustomerJourney.TakeArchivePage(next, settings);
        try
        {
            if (!page.IsEmpty)
            {
                var key = GrainKeys.ArchivePage(archived.Tenant, archived.CustomerId, archived.ArchivedPages - 1);
                await GrainFactory.GetGrain<ITimelineArchiveGrain>(key).Store(page);
            }

            customer.State = archived;
            await customer.WriteStateAsync();
            return archived;
        }
        catch (Exception exception)
        {
            // The write may or may not have reached storage: reload on the next call rather than guess.
            customer.State = before;
            DeactivateOnIdle();
            logger.LogWarning(exception, "Persisting customer {Customer} failed; nothing of this batch was acknowledged", this.GetPrimaryKeyString());
            throw;
        }
    }

    private async Task<bool> OwnsCase(CustomerState state, string caseId)
    {
        if (_linkedCases.Contains(caseId) || state.FindCase(caseId) is not null)
        {
            return true;
        }

        var link = await GrainFactory.GetGrain<ICaseGrain>(GrainKeys.Of(state.Tenant, caseId)).Link(state.CustomerId);
        if (link == CaseLinkResult.Linked)
        {
            _linkedCases.Add(caseId);
            return true;
        }

        return false;
    }

    private static IngestOutcome Rejected(Touchpoint touchpoint, string field, string message) =>
        new(touchpoint.EventId, IngestStatus.Rejected, 0, [new FieldError(field, message)]);

    private static IngestStatus ToStatus(ApplyStatus status) => status switch
    {
        ApplyStatus.Accepted => IngestStatus.Accepted,
        ApplyStatus.Duplicate => IngestStatus.Duplicate,
        _ => IngestStatus.Rejected,
    };
}
