using System.Collections.Immutable;

namespace Journey.Abstractions.Audit;

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
