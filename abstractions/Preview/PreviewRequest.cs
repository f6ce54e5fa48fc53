using Journey.Domain.Policies;
using Journey.Domain.Replay;

namespace Journey.Abstractions.Preview;

[GenerateSerializer, Immutable, Alias("journey.PreviewRequest")]
public sealed record PreviewRequest(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Document,
    [property: Id(2)] DateTimeOffset From,
    [property: Id(3)] DateTimeOffset To,
    [property: Id(4)] double? Sample);
