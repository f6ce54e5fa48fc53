using System.Security.Claims;
using Journey.Api.Security;
using Journey.Abstractions;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Api.Application.UseCases;

/// <summary>May this team contact the customer now, on this channel? An allowed contact is booked against the budget.</summary>
public sealed record RequestContact(string? Tenant, string? CustomerId, Team? Team, Channel? Channel, string? Purpose) : UseCase<RequestContact, ContactDecision>
{
    public override Access Access => Access.ToCustomer(Tenant, CustomerId, "customerId", Permission.Contact);

    public override void Check(InputCheck check)
    {
        check.Require(Team, "team");
        check.Require(Channel, "channel");
    }

    public sealed class Handler(IGrainFactory grains) : IHandler<RequestContact, ContactDecision>
    {
        public Task<ContactDecision> HandleAsync(RequestContact request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            grains.Customer(request.Tenant!, request.CustomerId!).RequestContact(request.Team!.Value, request.Channel!.Value, request.Purpose ?? "");
    }
}
