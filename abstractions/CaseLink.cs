using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions;

/// <summary>Which case belongs to which customer, as case grains of earlier versions persisted it (read, released, never written now).</summary>
[GenerateSerializer, Alias("journey.CaseLink")]
public sealed record CaseLink
{
    [Id(0)]
    public string? CustomerId { get; init; }
}
