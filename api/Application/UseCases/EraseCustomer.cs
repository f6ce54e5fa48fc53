using System.Security.Claims;
using Journey.Api.Security;
using Journey.Abstractions;

namespace Journey.Api.Application.UseCases;

/// <summary>Erases the customer (GDPR); the audit trail keeps its lines about the customer without the customer's id.</summary>
public sealed record EraseCustomer(string? Tenant, string? CustomerId, string IdField) : UseCase<EraseCustomer, ErasureReceipt>
{
    public override Access Access => Access.ToCustomer(Tenant, CustomerId, IdField, Permission.Privacy);

    public sealed class Handler(IGrainFactory grains, AuditLog audit) : IHandler<EraseCustomer, ErasureReceipt>
    {
        public async Task<ErasureReceipt> HandleAsync(EraseCustomer request, ClaimsPrincipal? caller, CancellationToken cancellationToken)
        {
            var (tenant, id) = (request.Tenant!, request.CustomerId!);
            var receipt = await grains.Customer(tenant, id).Erase();
            if (receipt.Erased)
            {
                // The erasure's own line never names the customer.
                await grains.GetGrain<IAuditTrailGrain>(tenant).Redact(id);
                await audit.RecordAsync(caller, tenant, AuditActions.CustomerErased, $"a customer: {receipt.Touchpoints} touchpoints, {receipt.Cases} cases, {receipt.Actions} actions");
            }

            return receipt;
        }
    }
}
