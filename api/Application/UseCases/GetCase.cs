using System.Security.Claims;
using Journey.Api.Reading;
using Journey.Api.Security;

namespace Journey.Api.Application.UseCases;

/// <summary>A case with its stage, hold and next step worked out now; null for an id never seen.</summary>
public sealed record GetCase(string? Tenant, string? CaseId, string IdField) : UseCase<GetCase, CaseView?>
{
    public override Access Access => Access.ToCustomer(Tenant, CaseId, IdField, Permission.Read);

    public sealed class Handler(JourneyReader reader) : IHandler<GetCase, CaseView?>
    {
        public Task<CaseView?> HandleAsync(GetCase request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            reader.GetCaseAsync(request.Tenant!, request.CaseId!);
    }
}
