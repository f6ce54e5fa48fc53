using System.Security.Claims;
using Journey.Api.Security;
using Journey.Abstractions.Messages;
using Journey.Abstractions.Policies;

namespace Journey.Api.Application.UseCases;

/// <summary>The message templates in force for a tenant: its own latest version, else the default tenant's; null when there is neither.</summary>
public sealed record GetTemplates(string? Tenant) : UseCase<GetTemplates, TemplatesVersion?>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Read);

    public sealed class Handler(IGrainFactory grains) : IHandler<GetTemplates, TemplatesVersion?>
    {
        public async Task<TemplatesVersion?> HandleAsync(GetTemplates request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            await grains.GetGrain<ITenantTemplatesGrain>(request.Tenant!).GetOwn()
                ?? await grains.GetGrain<ITenantTemplatesGrain>(PolicyTenants.Default).GetOwn();
    }
}
