using System.Security.Claims;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Abstractions.Preview;

namespace Journey.Api.Application.UseCases;

/// <summary>A policy preview's progress and answer; null for an unknown id.</summary>
public sealed record GetPolicyPreview(string? Tenant, string? Id) : UseCase<GetPolicyPreview, PreviewReport?>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Read);

    public sealed class Handler(PolicyPreviewService previews) : IHandler<GetPolicyPreview, PreviewReport?>
    {
        public Task<PreviewReport?> HandleAsync(GetPolicyPreview request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            previews.ReportAsync(request.Tenant!, request.Id ?? "");
    }
}
