using System.Collections.Immutable;
using Journey.Domain.Policies;
using Journey.Domain.Replay;

namespace Journey.Abstractions.Preview;

/// <summary>A preview's progress and, as it goes, its answer: totals under the current policy and the draft, and case differences (the first <see cref="PreviewOptions.MaxDifferences"/>, by customer id).</summary>
[GenerateSerializer, Immutable, Alias("journey.PreviewReport")]
public sealed record PreviewReport(
    [property: Id(0)] string Id,
    [property: Id(1)] PreviewRequest Request,
    [property: Id(2)] PreviewStatus Status,
    [property: Id(3)] int CurrentPolicyVersion,
    [property: Id(4)] long CustomersListed,
    [property: Id(5)] long CustomersReplayed,
    [property: Id(6)] long TouchpointsReplayed,
    [property: Id(7)] PreviewTotals Current,
    [property: Id(8)] PreviewTotals Draft,
    [property: Id(9)] long CasesChanged,
    [property: Id(10)] ImmutableArray<CaseDifference> Differences,
    [property: Id(11)] DateTimeOffset StartedAt,
    [property: Id(12)] DateTimeOffset? FinishedAt,
    [property: Id(13)] string? Error);
