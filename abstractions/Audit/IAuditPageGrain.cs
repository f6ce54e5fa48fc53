using System.Collections.Immutable;

namespace Journey.Abstractions.Audit;

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
