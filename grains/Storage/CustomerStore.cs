using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Journey.Domain;

namespace Journey.Grains.Storage;

/// <summary>What a log entry records: the input of one step, so that replaying it through the step function gives the same state.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepKind>))]
public enum StepKind
{
    Touchpoints,
    Wake,
    Booking,
}

/// <summary>
/// One committed step of a customer: its input (the touchpoints it accepted, a wake-up, or a
/// contact booking), the moment and the policy it ran under, and the version it reached. Hundreds
/// of bytes, whatever the size of the customer. Replay runs it through <see cref="JourneyStep"/>.
/// </summary>
public sealed record CustomerLogEntry
{
    public StepKind Kind { get; init; }
    public DateTimeOffset Now { get; init; }

    /// <summary>The tenant whose policy document applied (the customer's own, or <c>default</c>) and its version; 0: no policy at all.</summary>
    public string PolicyTenant { get; init; } = "";
    public int PolicyVersion { get; init; }

    /// <summary>The customer's version after the step: a replay that reaches another one has diverged.</summary>
    public long Version { get; init; }

    /// <summary>The accepted touchpoints, as received (the step stamps them again with <see cref="Now"/>).</summary>
    public ImmutableArray<Touchpoint> Touchpoints { get; init; } = [];

    public Team? Team { get; init; }
    public Channel? Channel { get; init; }
    public string? Purpose { get; init; }

    /// <summary>Statistics batches through this number were counted when the step was written: the state forgets them after the step, and so does a replay.</summary>
    public long? StatisticsCountedThrough { get; init; }
}

/// <summary>
/// A customer as stored: its last snapshot (null: none), the log entries after it, and the fence the
/// next write must present. <see cref="FromLegacy"/>: read from the whole-state storage of earlier
/// versions; the next write must be a snapshot, after which the old copy is removed.
/// </summary>
public sealed record StoredCustomer(CustomerState? Snapshot, IReadOnlyList<CustomerLogEntry> Tail, string? Fence, bool FromLegacy = false)
{
    public static StoredCustomer None { get; } = new(null, [], null);
}

/// <summary>
/// One write of one customer: an appended entry, or (with <see cref="Snapshot"/>) the whole state
/// that replaces the snapshot and empties the log. <see cref="Fence"/> is what the writer last read
/// or wrote: a write whose fence is stale (another activation wrote since) is refused. The same write
/// also claims the step's new case ids, lists a new customer in its tenant's directory, moves its
/// wake-up in the schedule and marks its effects (<see cref="ICustomerIndexes"/>,
/// <see cref="IEffectMarkers"/>): before the acknowledgement, and either all or (where a store cannot
/// make them one transaction) recoverably, as its adapter documents.
/// </summary>
public sealed record CustomerAppend(string Key, string? Fence, long Version, CustomerLogEntry? Entry, CustomerState? Snapshot)
{
    /// <summary>The tenant and customer id of <see cref="Key"/>, where the writer has them at hand (the state's own strings, not parsed again).</summary>
    public string? Tenant { get; init; }

    public string? CustomerId { get; init; }

    /// <summary>The tenant and customer id: as given, or parsed from the key.</summary>
    public (string Tenant, string CustomerId) Names() =>
        Tenant is { Length: > 0 } tenant && CustomerId is { Length: > 0 } id ? (tenant, id) : GrainKeys.Parse(Key);

    /// <summary>Case ids this step takes for the customer; a case owned by another customer fails the write (<see cref="AppendResult.LostClaims"/>).</summary>
    public ImmutableArray<string> Claims { get; init; } = [];

    /// <summary>List the customer in its tenant's directory.</summary>
    public bool List { get; init; }

    /// <summary>Whether the customer's wake-up moves: to <see cref="WakeMinute"/>, or out of the schedule when that is null.</summary>
    public bool Reschedule { get; init; }

    public long? WakeMinute { get; init; }

    /// <summary>
    /// The step asked for effects that are delivered after the acknowledgement, so the same write
    /// marks the customer (<see cref="IEffectMarkers"/>), at this moment (Unix milliseconds), until
    /// they are known delivered.
    /// </summary>
    public long? EffectsMarkedAt { get; init; }
}

/// <summary>
/// The outcome of one append of a group commit: committed with its new fence, refused because the
/// fence was stale, or refused because some of its case claims belong to another customer.
/// </summary>
public readonly record struct AppendResult(bool Committed, string? Fence, ImmutableArray<string> LostClaims = default)
{
    public static AppendResult Fenced { get; } = new(false, null);
}

/// <summary>
/// What every store keeps beside its customers, written in the customers' own writes (claims, the
/// listing, the wake-up) instead of by grains of their own: which customer owns each case id, every
/// tenant's customer directory (in the directory's shards), and the wake-up schedule (in the
/// schedule's shards).
/// </summary>
public interface ICustomerIndexes
{
    Task<string?> OwnerOfAsync(string tenant, string caseId);

    Task ReleaseAsync(string tenant, string caseId, string customerId);

    /// <summary>Customer ids of a directory shard after <paramref name="after"/> (ordinal), at most <paramref name="first"/>.</summary>
    Task<ImmutableArray<string>> PageAsync(string tenant, int shard, string? after, int first);

    Task<int> CountAsync(string tenant, int shard);

    /// <summary>Lists a customer outside a write (recovery re-asserts what a write asked for); listing twice is listing once.</summary>
    Task ListAsync(string tenant, string customerId);

    Task DelistAsync(string tenant, string customerId);

    /// <summary>Moves a customer's wake-up outside a write (a wake-up that changed nothing, a failed one retried later).</summary>
    Task RescheduleAsync(string customerKey, long? minute);

    /// <summary>Customers of a schedule shard due at or before <paramref name="throughMinute"/>, earliest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<(string CustomerKey, long Minute)>> DueAsync(int shard, long throughMinute, int max);

    Task<long?> NextDueAsync(int shard);
}

/// <summary>
/// Customers whose committed steps asked for effects (outbox entries, statistics, segment changes)
/// not yet known delivered: marked in the customer's own write, settled once the silo that wrote
/// has delivered them. A marker left behind by a silo that died is found by any silo's recovery,
/// which asks the customer to offer its effects again, whether or not it ever sees another touchpoint.
/// </summary>
public interface IEffectMarkers
{
    /// <summary>Markers set before <paramref name="markedBefore"/> (Unix milliseconds), oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<(string CustomerKey, long MarkedAt)>> UnsettledAsync(long markedBefore, int max);

    /// <summary>Clears each customer's marker unless a later write marked it again (its moment is after the one given).</summary>
    Task SettleAsync(IReadOnlyList<(string CustomerKey, long MarkedAt)> settled);
}

/// <summary>When a customer's whole state is written instead of a log entry.</summary>
/// <param name="Every">A snapshot replaces the log after this many appends; 1 for a store that keeps whole states only.</param>
/// <param name="AtShutdown">Snapshot customers with a log as the silo stops (the store outlives the process, so the next silo reads snapshots).</param>
public readonly record struct SnapshotPolicy(int Every, bool AtShutdown);

/// <summary>
/// The one persistence port: where customers live durably (a log of steps with snapshots, or one
/// whole state per write), with the indexes and effect markers that change in the same writes.
/// Every adapter — memory, Redis, Azure — implements all of it, and passes the same contract suite.
/// </summary>
public interface ICustomerStore : ICustomerIndexes, IEffectMarkers
{
    SnapshotPolicy Snapshots { get; }

    Task<StoredCustomer> ReadAsync(string key);

    /// <summary>
    /// Commits one customer's write, group-committed with other customers' writes of this silo where
    /// the store allows, with the claims, listing, wake-up and effect marker it carries; throws when
    /// the store cannot be reached (nothing of it acknowledged).
    /// </summary>
    Task<AppendResult> AppendAsync(CustomerAppend append);

    /// <summary>Removes the whole-state copy a migrated customer was read from, once a snapshot holds it.</summary>
    Task ForgetLegacyAsync(string key);
}

/// <summary>The log and snapshot formats: source-generated System.Text.Json, enums by name.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CustomerLogEntry))]
[JsonSerializable(typeof(CustomerState))]
public sealed partial class CustomerJson : JsonSerializerContext;

/// <summary>Journey:Store: how customers are written.</summary>
public sealed record CustomerStoreOptions
{
    public const string Section = "Journey:Store";

    /// <summary>A snapshot of the whole customer replaces its log after this many appends (and when it is collected as idle).</summary>
    public int SnapshotEvery { get; init; } = 64;

    /// <summary>Customer writes committed together in one round trip at most (Redis).</summary>
    public int MaxBatch { get; init; } = 512;

    /// <summary>Group commits in flight at once (Redis); writes arriving meanwhile wait for the next.</summary>
    public int MaxInFlight { get; init; } = 2;

    public string? Problem() =>
        SnapshotEvery < 1 ? "Journey:Store:SnapshotEvery must be at least 1"
        : MaxBatch < 1 ? "Journey:Store:MaxBatch must be at least 1"
        : MaxInFlight < 1 ? "Journey:Store:MaxInFlight must be at least 1"
        : null;
}

/// <summary>Another activation of the customer wrote since this one read: this one's write is refused and it reloads.</summary>
[GenerateSerializer, Alias("journey.StaleActivationException")]
public sealed class StaleActivationException : Exception
{
    public StaleActivationException()
    {
    }

    public StaleActivationException(string customer)
        : base($"customer '{customer}' was written by another activation; this one's write was refused and it reloads")
    {
    }
}
