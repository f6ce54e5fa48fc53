using System.Collections.Immutable;

namespace Journey.Abstractions.Audit;

/// <summary>
/// One audited action: when (wall clock), who (the token's subject), what was done and to what. A line
/// that names a customer carries the id apart (<see cref="CustomerId"/>), so that erasing the customer
/// takes the id out of the line and leaves the line.
/// </summary>
[GenerateSerializer, Immutable, Alias("journey.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string Action,
    [property: Id(4)] string Subject,
    [property: Id(5)] string? CustomerId);

/// <summary>What is recorded; the trail numbers and stores it.</summary>
[GenerateSerializer, Immutable, Alias("journey.AuditRecord")]
public sealed record AuditRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string Subject,
    [property: Id(4)] string? CustomerId = null);

/// <summary>The actions the trail records.</summary>
public static class AuditActions
{
    public const string PolicyChanged = "POLICY_CHANGED";
    public const string TemplatesChanged = "TEMPLATES_CHANGED";
    public const string CustomerExported = "CUSTOMER_EXPORTED";
    public const string CustomerErased = "CUSTOMER_ERASED";
    public const string ClockMoved = "CLOCK_MOVED";
    public const string WorklistTaken = "WORKLIST_ITEM_TAKEN";
    public const string WorklistCompleted = "WORKLIST_ITEM_COMPLETED";

    /// <summary>The trail of what concerns every tenant at once (the business clock).</summary>
    public const string ClusterTrail = "*";

    /// <summary>What an erased customer's id becomes in the lines that named it.</summary>
    public const string Erased = "(erased)";
}

/// <summary>A tenant's audit trail (key: the tenant, or <see cref="AuditActions.ClusterTrail"/>): append-only, newest first when read.</summary>
[Alias("journey.IAuditTrailGrain")]
public interface IAuditTrailGrain : IGrainWithStringKey
{
    /// <summary>Numbers the line and returns once it is durable.</summary>
    [Alias("Record")]
    Task<AuditEntry> Record(AuditRecord record);

    /// <summary>Up to <paramref name="first"/> lines, newest first, numbered below <paramref name="before"/> (null: from the newest).</summary>
    [Alias("Page"), Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableArray<AuditEntry>> Page(int first, long? before);

    /// <summary>Takes a customer's id out of every line that names it (erasure); the lines stay.</summary>
    [Alias("Redact")]
    Task Redact(string customerId);
}

/// <summary>A full page of a trail's older lines (key "{trail}/{page}").</summary>
[Alias("journey.IAuditPageGrain")]
public interface IAuditPageGrain : IGrainWithStringKey
{
    [Alias("Store")]
    Task Store(ImmutableArray<AuditEntry> entries);

    [Alias("Read"), Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableArray<AuditEntry>> Read();

    [Alias("Redact")]
    Task Redact(string customerId);
}

[GenerateSerializer, Alias("journey.AuditTrailState")]
public sealed record AuditTrailState
{
    /// <summary>The newest lines, oldest first; a full page moves to a page grain.</summary>
    [Id(0)]
    public ImmutableArray<AuditEntry> Recent { get; init; } = [];

    [Id(1)]
    public int Pages { get; init; }

    [Id(2)]
    public long Sequence { get; init; }
}

[GenerateSerializer, Alias("journey.AuditPageState")]
public sealed record AuditPageState
{
    [Id(0)]
    public ImmutableArray<AuditEntry> Entries { get; init; } = [];
}
