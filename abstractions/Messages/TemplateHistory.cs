using System.Collections.Immutable;
using Journey.Domain.Policies;
using Orleans.Concurrency;

namespace Journey.Abstractions.Messages;

[GenerateSerializer, Alias("journey.TemplateHistory")]
public sealed record TemplateHistory
{
    [Id(0)]
    public ImmutableArray<TemplatesVersion> Versions { get; init; } = [];
}
