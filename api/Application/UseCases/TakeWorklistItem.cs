using System.Security.Claims;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Abstractions.Worklists;
using Journey.Domain.Rules;

namespace Journey.Api.Application.UseCases;

/// <summary>Leases a worklist item to the agent for <c>Journey:Api:WorklistLease</c> (see <see cref="WorklistAgent"/>). Audited when taken.</summary>
public sealed record TakeWorklistItem(string? Tenant, string? ItemId, string? Agent) : UseCase<TakeWorklistItem, WorklistTake>
{
    public override Access Access => Access.ToTenant(Tenant, Permission.Contact);

    public override void Check(InputCheck check) => WorklistAgent.Check(check, ItemId, Agent);

    public sealed class Handler(JourneyReader reader, IGrainFactory grains, TenantAccess access, AuditLog audit, JourneyApiOptions options) : IHandler<TakeWorklistItem, WorklistTake>
    {
        public async Task<WorklistTake> HandleAsync(TakeWorklistItem request, ClaimsPrincipal? caller, CancellationToken cancellationToken)
        {
            var (tenant, itemId, who) = (request.Tenant!, request.ItemId!, WorklistAgent.Of(caller, access.Enabled, request.Agent)!);
            var (now, today) = await reader.TenantTodayAsync(tenant);
            var take = await WorklistQuery.ShardOf(grains, tenant, itemId).Take(itemId, who, now, today, options.WorklistLease);
            if (take.Taken)
            {
                await audit.RecordAsync(caller, tenant, AuditActions.WorklistTaken, $"item {itemId} by {who}", WorklistRules.CustomerOf(itemId));
            }

            return take;
        }
    }
}
