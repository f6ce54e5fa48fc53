using System.Security.Claims;
using Journey.Api.Reading;
using Journey.Api.Security;

namespace Journey.Api.Application.UseCases;

/// <summary>Per-variant outcomes of one of the tenant's experiments; null for an unknown experiment.</summary>
public sealed record GetExperimentResults(string? Tenant, string? Experiment) : UseCase<GetExperimentResults, ExperimentResults?>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Read);

    public sealed class Handler(JourneyReader reader) : IHandler<GetExperimentResults, ExperimentResults?>
    {
        public Task<ExperimentResults?> HandleAsync(GetExperimentResults request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            reader.ExperimentResultsAsync(request.Tenant!, request.Experiment ?? "");
    }
}
