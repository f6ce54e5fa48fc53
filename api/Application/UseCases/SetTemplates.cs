using System.Security.Claims;
using Journey.Api.Security;
using Journey.Abstractions.Messages;

namespace Journey.Api.Application.UseCases;

/// <summary>Sets the tenant's template document; an invalid one is refused with each error's line and path. A change is audited.</summary>
public sealed record SetTemplates(string? Tenant, string? Document) : UseCase<SetTemplates, SetTemplatesResult>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.AdministerPolicy);

    public sealed class Handler(IGrainFactory grains, AuditLog audit) : IHandler<SetTemplates, SetTemplatesResult>
    {
        public async Task<SetTemplatesResult> HandleAsync(SetTemplates request, ClaimsPrincipal? caller, CancellationToken cancellationToken)
        {
            var result = await grains.GetGrain<ITenantTemplatesGrain>(request.Tenant!).Set(request.Document ?? "", "api");
            if (!result.Accepted)
            {
                throw new InvalidInputException([], result.Errors, InvalidInputException.TemplateInvalid);
            }

            if (result.Changed)
            {
                await audit.RecordAsync(caller, request.Tenant!, AuditActions.TemplatesChanged, $"templates version {result.Current!.Version}");
            }

            return result;
        }
    }
}
