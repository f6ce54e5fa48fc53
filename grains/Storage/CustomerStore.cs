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
/// or wrote: a write whose fence is stale (another activation wrote since) is refused.
/// </summary>
public sealed record CustomerAppend(string Key, string? Fence, long Version, CustomerLogEntry? Entry, CustomerState? Snapshot);

/// <summary>The outcome of one append of a group commit: committed with its new fence, or refused because the fence was stale.</summary>
public readonly record struct AppendResult(bool Committed, string? Fence)
{
    public static AppendResult Fenced { get; } = new(false, null);
}

/// <summary>Where customers live durably: a log of steps with snapshots (memory, Redis) or one whole state per write (grain storage).</summary>
public interface ICustomerStore
{
    /// <summary>Every write must carry a snapshot: the store keeps whole states, not logs.</summary>
    bool WholeStateOnly { get; }

    Task<StoredCustomer> ReadAsync(string key);

    /// <summary>Commits one customer's write, group-committed with other customers' writes of this silo where the store allows; throws when the store cannot be reached (nothing of it acknowledged).</summary>
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
