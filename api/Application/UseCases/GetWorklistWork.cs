using System.Security.Claims;
using System.Collections.Immutable;
using Journey.Api.Security;
using Journey.Abstractions.Worklists;

namespace Journey.Api.Application.UseCases;

/// <summary>Items each agent of each team took and completed, read from the tenant's worklist shards (collector productivity).</summary>
public sealed record GetWorklistWork(string? Tenant) : UseCase<GetWorklistWork, ImmutableArray<AgentWork>>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Read);

    public sealed class Handler(IGrainFactory grains) : IHandler<GetWorklistWork, ImmutableArray<AgentWork>>
    {
        public Task<ImmutableArray<AgentWork>> HandleAsync(GetWorklistWork request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            WorklistQuery.WorkAsync(grains, request.Tenant!);
    }
}
