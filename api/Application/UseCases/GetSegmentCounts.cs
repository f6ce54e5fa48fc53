using System.Security.Claims;
using System.Collections.Immutable;
using Journey.Api.Reading;
using Journey.Api.Security;

namespace Journey.Api.Application.UseCases;

/// <summary>Members per policy segment of a tenant.</summary>
public sealed record GetSegmentCounts(string? Tenant) : UseCase<GetSegmentCounts, ImmutableArray<SegmentCount>>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Read);

    public sealed class Handler(JourneyReader reader) : IHandler<GetSegmentCounts, ImmutableArray<SegmentCount>>
    {
        public Task<ImmutableArray<SegmentCount>> HandleAsync(GetSegmentCounts request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            reader.SegmentCountsAsync(request.Tenant!);
    }
}
