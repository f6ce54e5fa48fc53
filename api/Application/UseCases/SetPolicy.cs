using System.Security.Claims;
using Journey.Api.Security;
using Journey.Abstractions.Policies;

namespace Journey.Api.Application.UseCases;

/// <summary>Sets the tenant's policy document; an invalid one is refused with its errors by line and path. A change is audited.</summary>
public sealed record SetPolicy(string? Tenant, string? Document) : UseCase<SetPolicy, SetPolicyResult>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.AdministerPolicy);

    public sealed class Handler(IGrainFactory grains, AuditLog audit) : IHandler<SetPolicy, SetPolicyResult>
    {
        public async Task<SetPolicyResult> HandleAsync(SetPolicy request, ClaimsPrincipal? caller, CancellationToken cancellationToken)
        {
            var result = await grains.GetGrain<ITenantPolicyGrain>(request.Tenant!).Set(request.Document ?? "", "api");
            if (!result.Accepted)
            {
                throw new InvalidInputException([], result.Errors);
            }

            if (result.Changed)
            {
                await audit.RecordAsync(caller, request.Tenant!, AuditActions.PolicyChanged, $"policy version {result.Current!.Version}");
            }

            return result;
        }
    }
}
