using System.Security.Claims;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Messages;

namespace Journey.Api.Application.UseCases;

/// <summary>The message an action of the customer becomes, rendered now: exactly what connectors send. Null for an unknown customer or action.</summary>
public sealed record RenderMessage(string? Tenant, string? CustomerId, string? ActionId) : UseCase<RenderMessage, OutgoingMessage?>
{
    public override Access Access => Access.ToCustomer(Tenant, CustomerId, "customerId", Permission.Read);

    public override void Check(InputCheck check)
    {
        if (string.IsNullOrEmpty(ActionId))
        {
            check.Add("actionId", "is required");
        }
    }

    public sealed class Handler(JourneyReader reader, JourneyMessages messages) : IHandler<RenderMessage, OutgoingMessage?>
    {
        public async Task<OutgoingMessage?> HandleAsync(RenderMessage request, ClaimsPrincipal? caller, CancellationToken cancellationToken) =>
            await reader.GetCustomerAsync(request.Tenant!, request.CustomerId!) is { } customer && customer.FindAction(request.ActionId!) is { } action
                ? await messages.ComposeAsync(customer, action)
                : null;
    }
}
