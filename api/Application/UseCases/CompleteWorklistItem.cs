using System.Security.Claims;
using Journey.Api.Security;
using Journey.Abstractions.Worklists;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Api.Application.UseCases;

/// <summary>The agent is done with the item: its lease ends and it leaves the list while the customer's state still gives it. False for an item not on any list. Audited when completed.</summary>
public sealed record CompleteWorklistItem(string? Tenant, string? ItemId, string? Agent) : UseCase<CompleteWorklistItem, bool>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Contact);

    public override void Check(InputCheck check) => WorklistAgent.Check(check, ItemId, Agent);

    public sealed class Handler(IGrainFactory grains, BusinessClock clock, TenantAccess access, AuditLog audit) : IHandler<CompleteWorklistItem, bool>
    {
        public async Task<bool> HandleAsync(CompleteWorklistItem request, ClaimsPrincipal? caller, CancellationToken cancellationToken)
        {
            var (tenant, itemId, who) = (request.Tenant!, request.ItemId!, WorklistAgent.Of(caller, access.Enabled, request.Agent)!);
            var completed = await WorklistQuery.ShardOf(grains, tenant, itemId).Complete(itemId, who, clock.Now);
            if (completed)
            {
                await audit.RecordAsync(caller, tenant, AuditActions.WorklistCompleted, $"item {itemId} by {who}", WorklistRules.CustomerOf(itemId));
            }

            return completed;
        }
    }
}
