using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Outbox;

/// <summary>One sealed page of a tenant's outbox, keyed "{tenant}/{page}".</summary>
[Alias("journey.IActionOutboxPageGrain")]
public interface IActionOutboxPageGrain : IGrainWithStringKey
{
    [Alias("Store")]
    Task Store(ImmutableArray<OutboxEntry> entries);

    [Alias("Read")]
    Task<ImmutableArray<OutboxEntry>> Read();

    [Alias("Clear")]
    Task Clear();
}
