using System.Security.Claims;
using Journey.Api.Security;
using Journey.Domain;

namespace Journey.Api.Application.UseCases;

/// <summary>The business clock every decision uses.</summary>
public sealed record GetClock : UseCase<GetClock, BusinessClock>
{
    public override Access Access => Access.ToCluster(Permission.Read);

    public sealed class Handler(BusinessClock clock) : IHandler<GetClock, BusinessClock>
    {
        public Task<BusinessClock> HandleAsync(GetClock request, ClaimsPrincipal? caller, CancellationToken cancellationToken) => Task.FromResult(clock);
    }
}
