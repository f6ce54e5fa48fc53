using System.Security.Claims;
using Journey.Api.Security;
using Journey.Abstractions.Policies;

namespace Journey.Api.Application.UseCases;

/// <summary>The policy in force for the tenant: its own latest version, else the default tenant's; null when there is neither.</summary>
public sealed record GetPolicy(string? Tenant) : UseCase<GetPolicy, PolicyVersion?>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Read);

    public sealed class Handler(IGrainFactory grains) : IHandler<GetPolicy, PolicyVersion?>
    {
        public Task<PolicyVersion?> HandleAsync(GetPolicy request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            grains.GetGrain<ITenantPolicyGrain>(request.Tenant!).GetEffective();
    }
}
