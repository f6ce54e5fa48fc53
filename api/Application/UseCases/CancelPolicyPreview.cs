using System.Security.Claims;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Abstractions.Preview;

namespace Journey.Api.Application.UseCases;

/// <summary>Stops a running policy preview; its report so far, or null for an unknown id.</summary>
public sealed record CancelPolicyPreview(string? Tenant, string? Id) : UseCase<CancelPolicyPreview, PreviewReport?>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.AdministerPolicy);

    public sealed class Handler(PolicyPreviewService previews) : IHandler<CancelPolicyPreview, PreviewReport?>
    {
        public Task<PreviewReport?> HandleAsync(CancelPolicyPreview request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            previews.CancelAsync(request.Tenant!, request.Id ?? "");
    }
}
