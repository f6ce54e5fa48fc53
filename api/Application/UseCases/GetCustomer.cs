using System.Security.Claims;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Domain;

namespace Journey.Api.Application.UseCases;

/// <summary>A customer's live journey; null for an id never seen or erased.</summary>
public sealed record GetCustomer(string? Tenant, string? CustomerId, string IdField) : UseCase<GetCustomer, CustomerState?>
{
    public override Access Access => Access.ToCustomer(Tenant, CustomerId, IdField, Permission.Read);

    public sealed class Handler(JourneyReader reader) : IHandler<GetCustomer, CustomerState?>
    {
        public Task<CustomerState?> HandleAsync(GetCustomer request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            reader.GetCustomerAsync(request.Tenant!, request.CustomerId!);
    }
}
