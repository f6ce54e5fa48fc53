using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using Journey.Grains;
using Journey.Grains.Policies;
using NodaTime;

namespace Journey.Api.Reading;

/// <summary>A case as read: its state, its customer, and where it stands now.</summary>
public sealed record CaseView(CustomerState Customer, CaseState Case, CaseStage Stage, Hold? Hold, DateTimeOffset OverdueFrom)
{
    public bool OnHold => Hold is not null;

    /// <summary>The planned next dunning step; null while the case is on hold or its ladder is done.</summary>
    public OutboundAction? NextStep =>
        Case.Ladder.PlannedActionId is { } id && Customer.FindAction(id) is { Status: ActionStatus.PLANNED } action && Hold is null ? action : null;
}

/// <summary>Reads customers and cases for every API, with stage and holds worked out at the business clock's now.</summary>
public sealed class JourneyReader(IGrainFactory grains, BusinessClock clock, PolicyCatalog policies)
{
    public Task<Policy> PolicyOfAsync(string tenant) => policies.GetEffectiveAsync(tenant);

    /// <summary>The early-warning level now, with the signals behind it, under the tenant's policy in force.</summary>
    public async Task<Risk> RiskAsync(CustomerState customer) =>
        RiskAssessment.Assess(customer, await policies.GetEffectiveAsync(customer.Tenant), clock.Now);

    public Task<CustomerState?> GetCustomerAsync(string tenant, string customerId) =>
        grains.GetGrain<ICustomerGrain>(GrainKeys.Of(tenant, customerId)).Get();

    public async Task<CaseView?> GetCaseAsync(string tenant, string caseId)
    {
        var owner = await grains.GetGrain<ICaseGrain>(GrainKeys.Of(tenant, caseId)).GetOwner();
        if (owner is null || await GetCustomerAsync(tenant, owner) is not { } customer || customer.FindCase(caseId) is not { } @case)
        {
            return null;
        }

        return View(customer, @case, await PolicyOfAsync(tenant));
    }

    public CaseView View(CustomerState customer, CaseState @case, Policy policy) =>
        new(customer, @case, CaseStatus.StageAt(@case, clock.Now, policy.Zone), CaseStatus.ActiveHold(customer, @case, policy.Holds.Scope), CaseStatus.OverdueFrom(@case, policy.Zone));

    public async Task<IReadOnlyList<CaseView>> CasesAsync(CustomerState customer)
    {
        var policy = await PolicyOfAsync(customer.Tenant);
        return [.. customer.Cases.Select(c => View(customer, c, policy))];
    }

    /// <summary>
    /// Newest first. <paramref name="before"/> is either an eventId of the timeline (entries older than it)
    /// or an ISO-8601 time (entries that occurred before it).
    /// </summary>
    public static IEnumerable<Touchpoint> TimelinePage(IEnumerable<Touchpoint> timeline, int first, string? before)
    {
        if (!string.IsNullOrEmpty(before))
        {
            if (IsoTime.TryParseInstant(before, out var instant))
            {
                timeline = timeline.Where(t => t.OccurredAt < instant);
            }
            else
            {
                timeline = timeline.SkipWhile(t => t.EventId != before).Skip(1);
            }
        }

        return timeline.Take(first);
    }
}
