using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;
using Orleans.Concurrency;

namespace Journey.Abstractions;

/// <summary>One customer of one tenant: the owner of its timeline, cases, holds and contacts.</summary>
[Alias("journey.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a batch of this customer's touchpoints in order and persists once. Returns only after
    /// the write: every Accepted outcome is durable. Throws when storage fails; then nothing is.
    /// </summary>
    [Alias("Ingest")]
    Task<ImmutableArray<IngestOutcome>> Ingest(ImmutableArray<Touchpoint> batch);

    /// <summary>
    /// The scheduled moment arrived: runs the rules at the business clock's now, persists and
    /// dispatches what they decided. Returns when the customer wants to be woken next.
    /// </summary>
    [Alias("Wake")]
    Task<DateTimeOffset?> Wake();

    /// <summary>A team asks whether it may contact the customer; an allowed contact is booked against the budget.</summary>
    [Alias("RequestContact")]
    Task<ContactDecision> RequestContact(Team team, Channel channel, string purpose);

    /// <summary>The customer's state, or null when it was never seen.</summary>
    [Alias("Get")]
    Task<CustomerState?> Get();

    /// <summary>Touchpoints archived past the in-state bound, oldest first.</summary>
    [Alias("GetArchive")]
    Task<ImmutableArray<Touchpoint>> GetArchive();

    /// <summary>Every recorded touchpoint, archive included, stamped with when the engine took it in; empty for an id never seen or erased. Replays read this.</summary>
    [Alias("History")]
    Task<ImmutableArray<Touchpoint>> History();

    /// <summary>The decision log, newest first, archive included: at most <paramref name="first"/> entries (archive pages are read only as far as needed).</summary>
    [Alias("Decisions")]
    Task<ImmutableArray<OutboundAction>> Decisions(int first);

    /// <summary>Everything held about the customer, archive included; null for an id never seen or erased.</summary>
    [Alias("Export")]
    Task<CustomerExport?> Export();

    /// <summary>Erases the customer: state, dedupe records, archive, case links and its entries in the tenant outbox. Idempotent.</summary>
    [Alias("Erase")]
    Task<ErasureReceipt> Erase();

    /// <summary>Registers a watcher for a while (see CustomerGrain.WatchLease); returns the current version.</summary>
    [Alias("Watch")]
    Task<long> Watch(ICustomerWatcher watcher);

    [Alias("Unwatch")]
    Task Unwatch(ICustomerWatcher watcher);

    /// <summary>
    /// Effect recovery found this customer's marker, set at <paramref name="markedAt"/>, older than any
    /// delivery should take: the customer offers what its state says the world has not confirmed
    /// (its activation already did), and the marker is cleared once that is delivered.
    /// </summary>
    [Alias("RecoverEffects")]
    Task RecoverEffects(long markedAt);
}
