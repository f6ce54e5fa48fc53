using System.Security.Claims;
using Journey.Api.Reading;
using Journey.Api.Security;

namespace Journey.Api.Application.UseCases;

/// <summary>A page of a segment's members by customer id; <see cref="After"/> is the last id of the previous page.</summary>
public sealed record GetSegmentMembers(string? Tenant, string? Segment, int First, string? After) : UseCase<GetSegmentMembers, SegmentPage>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Read);

    public sealed class Handler(JourneyReader reader) : IHandler<GetSegmentMembers, SegmentPage>
    {
        public Task<SegmentPage> HandleAsync(GetSegmentMembers request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            reader.SegmentMembersAsync(request.Tenant!, request.Segment ?? "", request.First, request.After);
    }
}
