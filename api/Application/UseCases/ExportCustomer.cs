using System.Security.Claims;
using Journey.Api.Security;
using Journey.Abstractions;
using Journey.Domain;

namespace Journey.Api.Application.UseCases;

/// <summary>Everything held about the customer as one JSON document (GDPR access); null for an id never seen or erased. Audited.</summary>
public sealed record ExportCustomer(string? Tenant, string? CustomerId, string IdField) : UseCase<ExportCustomer, string?>
{
    public override Access Access => Access.ToCustomer(Tenant, CustomerId, IdField, Permission.Privacy);

    public sealed class Handler(IGrainFactory grains, BusinessClock clock, AuditLog audit) : IHandler<ExportCustomer, string?>
    {
        public async Task<string?> HandleAsync(ExportCustomer request, ClaimsPrincipal? caller, CancellationToken cancellationToken)
        {
            var export = await grains.Customer(request.Tenant!, request.CustomerId!).Export();
            if (export is null)
            {
                return null;
            }

            await audit.RecordAsync(caller, request.Tenant!, AuditActions.CustomerExported, $"customer {request.CustomerId}", request.CustomerId);
            return Reading.CustomerExportDocument.Write(export, clock.Now);
        }
    }
}
