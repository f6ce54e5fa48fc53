using System.Security.Claims;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Api.Application.UseCases;

/// <summary>The tenant's receivables figures today, for every customer or one of its policy's segments.</summary>
public sealed record GetReceivables(string? Tenant, string? Segment, DebtorType? DebtorType) : UseCase<GetReceivables, ReceivablesFigures>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Read);

    public sealed class Handler(JourneyReader reader) : IHandler<GetReceivables, ReceivablesFigures>
    {
        public async Task<ReceivablesFigures> HandleAsync(GetReceivables request, ClaimsPrincipal? caller, CancellationToken cancellationToken)
        {
            var tenant = request.Tenant!;
            if (request.Segment is { } segment && !(await reader.PolicyOfAsync(tenant)).Segments.Any(s => s.Id == segment))
            {
                throw new InvalidInputException(new FieldError("segment", $"'{segment}' is not a segment of the tenant's policy"));
            }

            return await reader.ReceivablesAsync(tenant, request.Segment, request.DebtorType);
        }
    }
}
