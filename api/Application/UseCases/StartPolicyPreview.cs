using System.Security.Claims;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Abstractions.Preview;

namespace Journey.Api.Application.UseCases;

/// <summary>Starts a what-if run of a policy document over the tenant's history; an invalid document or range is refused.</summary>
public sealed record StartPolicyPreview(string? Tenant, string? Document, string? From, string? To, double? Sample) : UseCase<StartPolicyPreview, PreviewReport>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.AdministerPolicy);

    public sealed class Handler(PolicyPreviewService previews) : IHandler<StartPolicyPreview, PreviewReport>
    {
        public async Task<PreviewReport> HandleAsync(StartPolicyPreview request, ClaimsPrincipal? caller, CancellationToken cancellationToken)
        {
            var started = await previews.StartAsync(request.Tenant!, request.Document ?? "", request.From, request.To, request.Sample);
            return started.Report ?? throw new InvalidInputException([.. started.Errors], started.PolicyErrors);
        }
    }
}
