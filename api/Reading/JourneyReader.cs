using System.Collections.Immutable;
using System.ComponentModel;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using Journey.Abstractions;
using Journey.Abstractions.Segments;
using Journey.Abstractions.Policies;
using Journey.Abstractions.Statistics;
using NodaTime;

namespace Journey.Api.Reading;

/// <summary>A case as read: its state, its customer, and where it stands now.</summary>
public sealed record CaseView(CustomerState Customer, CaseState Case, CaseStage Stage, Hold? Hold, DateTimeOffset OverdueFrom, PlanView? Plan = null)
{
    public bool OnHold => Hold is not null;

    /// <summary>The planned next dunning step; null while the case is on hold or its ladder is done.</summary>
    public OutboundAction? NextStep =>
        Case.Ladder.PlannedActionId is { } id && Customer.FindAction(id) is { Status: ActionStatus.PLANNED } action && Hold is null ? action : null;
}

/// <summary>A page of a team's worklist, and how many items the whole list holds.</summary>
public sealed record WorklistPage(int Total, ImmutableArray<Journey.Abstractions.Worklists.WorklistEntry> Items);

/// <summary>Members of one policy segment.</summary>
public sealed record SegmentCount(string Segment, int Count);

/// <summary>One variant's outcomes: cases assigned, paid within the experiment's period (rate with a 95 % Wilson interval), mean days to pay, ladder contacts per case.</summary>
public sealed record VariantResult(
    string Variant,
    int Assigned,
    [property: Description("Cases paid within the experiment's period after their moment.")] int PaidWithin,
    double PaidRate,
    [property: Description("95 % Wilson interval, lower bound.")] double PaidRateLow,
    double PaidRateHigh,
    double? MeanDaysToPay,
    double ContactsPerCase,
    [property: Description("Cases whose customer answered an NPS survey after the variant's moment.")] int NpsResponses,
    [property: Description("Mean of the first score given after the variant's moment.")] double? MeanNps);

public sealed record ExperimentResults(
    string Experiment,
    string Step,
    [property: Description("RUNNING or STOPPED.")] string Status,
    [property: Description("The variant everyone gets once stopped.")] string? Promoted,
    ImmutableArray<VariantResult> Variants);

public sealed record SegmentPage(string Segment, [property: Description("All members of the segment, not only this page.")] int Count, ImmutableArray<string> Members);

/// <summary>Contacts of one kind, channel and/or step (null: all), how many were followed by a payment, and how long that took.</summary>
public sealed record ContactStatistics(ActionKind? Kind, Channel? Channel, string? Step, long Contacts, long Paid, double? MeanDaysToPay)
{
    public double? PaymentRate => Proportions.PaymentRate(Paid, Contacts);
}

/// <summary>NPS answers linked to one team, step or channel: count, mean score, promoters (9–10), detractors (0–6), and the NPS (−100…100).</summary>
public sealed record NpsStatistics(string Key, long Responses, double? MeanScore, long Promoters, long Detractors)
{
    public double? Score => Proportions.NetPromoterScore(Promoters, Detractors, Responses);
}

public sealed record CodeCount(string Code, string? Label, long Count);

public sealed record TenantStatisticsView(
    ImmutableArray<ContactStatistics> Contacts,
    ImmutableArray<ContactStatistics> ByKind,
    ImmutableArray<ContactStatistics> ByChannel,
    ImmutableArray<ContactStatistics> ByStep,
    long PaidWithoutContact,
    NpsStatistics Nps,
    ImmutableArray<NpsStatistics> NpsByTeam,
    ImmutableArray<NpsStatistics> NpsByStep,
    ImmutableArray<NpsStatistics> NpsByChannel,
    ImmutableArray<CodeCount> NonPaymentReasons,
    ImmutableArray<CodeCount> CallOutcomes,
    ImmutableArray<DisputeStatistics> Disputes);

/// <summary>Disputes of one reason: opened, decided by outcome, and the mean days a decision took.</summary>
public sealed record DisputeStatistics(string Reason, string? Label, long Opened, long Upheld, long Rejected, long Decided, double? MeanDaysToDecide);

/// <summary>Reads customers and cases for every API, with stage and holds worked out at the business clock's now.</summary>
public sealed class JourneyReader(IGrainFactory grains, BusinessClock clock, PolicyCatalog policies, IAcknowledgedEffects effects)
{
    // Tenant-wide sums are fed after the acknowledgement: what this silo acknowledged is in them before they are read.
    private Task Settled() => effects.DrainAsync(TimeSpan.FromSeconds(5));

    public Task<Policy> PolicyOfAsync(string tenant) => policies.GetEffectiveAsync(tenant).AsTask();

    /// <summary>What this silo acknowledged has reached the tenant-wide indexes and sums.</summary>
    public Task SettledAsync() => Settled();

    /// <summary>The business clock's now, and today's date in the tenant's zone.</summary>
    public async Task<(DateTimeOffset Now, DateOnly Today)> TenantTodayAsync(string tenant)
    {
        var now = clock.Now;
        var zone = (await policies.GetEffectiveAsync(tenant)).Zone;
        return (now, Instant.FromDateTimeOffset(now).InZone(zone).Date.ToDateOnly());
    }

    /// <summary>Members per segment of the tenant, from the counts each index shard keeps as memberships change.</summary>
    public async Task<ImmutableArray<SegmentCount>> SegmentCountsAsync(string tenant)
    {
        await Settled();
        var shards = await Task.WhenAll(SegmentIndex.AllShardKeys(tenant).Select(key => grains.GetGrain<ISegmentShardGrain>(key).Totals()));
        return [.. shards.SelectMany(totals => totals.Segments)
            .GroupBy(c => c.Key, StringComparer.Ordinal)
            .Select(g => new SegmentCount(g.Key, g.Sum(c => c.Value)))
            .OrderBy(c => c.Segment, StringComparer.Ordinal)];
    }

    /// <summary>The customer's decision log, newest first, the archive read only as far as <paramref name="first"/> needs.</summary>
    public async Task<IReadOnlyList<OutboundAction>> DecisionsAsync(CustomerState customer, int first) =>
        customer.DecisionPages.IsEmpty && customer.RetiredDecisions.IsEmpty
            ? [.. DecisionArchive.Log(customer, []).Take(first)]
            : await grains.Customer(customer.Tenant, customer.CustomerId).Decisions(first);

    /// <summary>The tenant's statistics counters, added up from its statistics shards (sums kept as facts arrive; no scan, no customer called).</summary>
    private async Task<Dictionary<string, StatisticsCounter>> CountersAsync(string tenant)
    {
        await Settled();
        return await TenantStatistics.ReadAsync(grains, tenant);
    }

    /// <summary>The tenant's receivables figures today (in its zone), for every customer or one segment, every debtor or one type.</summary>
    public async Task<ReceivablesFigures> ReceivablesAsync(string tenant, string? segment, DebtorType? debtorType)
    {
        var totals = await CountersAsync(tenant);
        var (_, today) = await TenantTodayAsync(tenant);
        return ReceivablesFigures.From(totals.Select(t => KeyValuePair.Create(t.Key, t.Value.Sum)), today, segment, debtorType);
    }

    /// <summary>The tenant's statistics, added up from its statistics shards (sums kept as facts arrive; no scan).</summary>
    public async Task<TenantStatisticsView> StatisticsAsync(string tenant)
    {
        var totals = await CountersAsync(tenant);

        var rows = totals.Keys.Select(Domain.Rules.Statistics.ContactOf)
            .OfType<(ActionKind? Kind, Channel? Channel, string? Step)>()
            .Distinct()
            .Select(r => (r.Kind, r.Channel, r.Step,
                Contacts: totals.GetValueOrDefault(Domain.Rules.Statistics.ContactKey(r.Kind, r.Channel, r.Step)),
                Paid: totals.GetValueOrDefault(Domain.Rules.Statistics.PaidKey(r.Kind, r.Channel, r.Step))))
            .ToList();
        var contacted = rows.Where(r => r.Kind is not null).ToList();

        ImmutableArray<ContactStatistics> Group<TKey>(Func<(ActionKind? Kind, Channel? Channel, string? Step, StatisticsCounter? Contacts, StatisticsCounter? Paid), TKey> key, Func<TKey, ContactStatistics> shape) =>
            [.. contacted.GroupBy(key).Select(g =>
            {
                var paid = g.Sum(r => r.Paid?.Count ?? 0);
                return shape(g.Key) with { Contacts = g.Sum(r => r.Contacts?.Count ?? 0), Paid = paid, MeanDaysToPay = paid == 0 ? null : g.Sum(r => r.Paid?.Sum ?? 0) / paid };
            })];

        NpsStatistics Nps(string dimension, string value)
        {
            var answers = totals.GetValueOrDefault(Domain.Rules.Statistics.NpsKey(dimension, value));
            return new NpsStatistics(value, answers?.Count ?? 0, answers is null ? null : answers.Sum / answers.Count,
                totals.GetValueOrDefault(Domain.Rules.Statistics.PromoterKey(dimension, value))?.Count ?? 0,
                totals.GetValueOrDefault(Domain.Rules.Statistics.DetractorKey(dimension, value))?.Count ?? 0);
        }

        ImmutableArray<NpsStatistics> NpsBy(string dimension) =>
            [.. totals.Keys.Where(k => k.StartsWith(Domain.Rules.Statistics.NpsPrefix(dimension), StringComparison.Ordinal))
                .Select(k => k[Domain.Rules.Statistics.NpsPrefix(dimension).Length..]).Order(StringComparer.Ordinal).Select(v => Nps(dimension, v))];

        var policy = await policies.GetEffectiveAsync(tenant);
        var labels = policy.Feedback.NonPaymentReasons.ToDictionary(r => r.Code, r => r.Label, StringComparer.Ordinal);
        var disputeLabels = policy.Disputes.Reasons.ToDictionary(r => r.Code, r => r.Label, StringComparer.Ordinal);
        var decided = totals.Where(t => t.Key.StartsWith(Domain.Rules.Statistics.DisputeDecidedPrefix, StringComparison.Ordinal))
            .Select(t => (Parts: t.Key[Domain.Rules.Statistics.DisputeDecidedPrefix.Length..].Split('|'), t.Value))
            .Where(d => d.Parts.Length == 2)
            .ToList();
        var disputeReasons = totals.Keys.Where(k => k.StartsWith(Domain.Rules.Statistics.DisputeOpenedPrefix, StringComparison.Ordinal)).Select(k => k[Domain.Rules.Statistics.DisputeOpenedPrefix.Length..])
            .Concat(decided.Select(d => d.Parts[0])).Distinct().Order(StringComparer.Ordinal);
        ImmutableArray<DisputeStatistics> disputes = [.. disputeReasons.Select(reason =>
        {
            var mine = decided.Where(d => d.Parts[0] == reason).ToList();
            long Count(string outcome) => mine.Where(d => d.Parts[1] == outcome).Sum(d => d.Value.Count);
            var all = mine.Sum(d => d.Value.Count);
            return new DisputeStatistics(reason, disputeLabels.GetValueOrDefault(reason), totals.GetValueOrDefault(Domain.Rules.Statistics.DisputeOpenedKey(reason))?.Count ?? 0,
                Count(DisputeOutcomes.Upheld), Count(DisputeOutcomes.Rejected), all, all == 0 ? null : mine.Sum(d => d.Value.Sum) / all);
        })];
        ImmutableArray<CodeCount> Codes(string prefix, IReadOnlyDictionary<string, string>? names) =>
            [.. totals.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(t => new CodeCount(t.Key[prefix.Length..], names?.GetValueOrDefault(t.Key[prefix.Length..]), t.Value.Count)).OrderByDescending(c => c.Count).ThenBy(c => c.Code, StringComparer.Ordinal)];

        return new TenantStatisticsView(
            Group(r => (r.Kind, r.Channel, r.Step), k => new ContactStatistics(k.Kind, k.Channel, k.Step, 0, 0, null)).Sort((a, b) => string.CompareOrdinal($"{a.Step}{a.Kind}{a.Channel}", $"{b.Step}{b.Kind}{b.Channel}")),
            Group(r => r.Kind, k => new ContactStatistics(k, null, null, 0, 0, null)),
            Group(r => r.Channel, k => new ContactStatistics(null, k, null, 0, 0, null)),
            Group(r => r.Step, k => new ContactStatistics(null, null, k, 0, 0, null)),
            rows.Where(r => r.Kind is null).Sum(r => r.Paid?.Count ?? 0),
            Nps("all", Domain.Rules.Statistics.None),
            NpsBy("team"),
            NpsBy("step"),
            NpsBy("channel"),
            Codes(Domain.Rules.Statistics.ReasonPrefix, labels),
            Codes(Domain.Rules.Statistics.OutcomePrefix, null),
            disputes);
    }

    /// <summary>Per-variant outcomes of a tenant's experiment, added up from the index shards (no scan); null when the policy has no such experiment.</summary>
    public async Task<ExperimentResults?> ExperimentResultsAsync(string tenant, string experimentId)
    {
        await Settled();
        var policy = await policies.GetEffectiveAsync(tenant);
        if (policy.Experiments.FirstOrDefault(e => e.Id == experimentId) is not { } experiment)
        {
            return null;
        }

        var shards = await Task.WhenAll(SegmentIndex.AllShardKeys(tenant).Select(key => grains.GetGrain<ISegmentShardGrain>(key).Totals()));
        int Count(string label) => shards.Sum(s => s.Facts.GetValueOrDefault(label));
        double Sum(string measure) => shards.Sum(s => s.Measures.GetValueOrDefault(measure));
        var variants = experiment.Variants.Select(variant =>
        {
            var key = Experiments.Key(experiment.Id, variant.Id);
            var (assigned, paid, paidEver) = (Count($"{key}/assigned"), Count($"{key}/paid"), Count($"{key}/paid-ever"));
            var (low, high) = Proportions.Wilson95(paid, assigned);
            return new VariantResult(variant.Id, assigned, paid, assigned == 0 ? 0 : (double)paid / assigned, low, high,
                paidEver == 0 ? null : Sum($"{key}/days") / paidEver, assigned == 0 ? 0 : Sum($"{key}/contacts") / assigned,
                Count($"{key}/nps-responses"), Count($"{key}/nps-responses") is var answered and > 0 ? Sum($"{key}/nps") / answered : null);
        });
        return new ExperimentResults(experiment.Id, experiment.Step, experiment.Stopped ? "STOPPED" : "RUNNING", experiment.Promote, [.. variants]);
    }

    /// <summary>A page of a segment's members, by customer id (<paramref name="after"/>: the last id of the previous page), with the segment's count.</summary>
    public async Task<SegmentPage> SegmentMembersAsync(string tenant, string segment, int first, string? after)
    {
        await Settled();
        var counts = SegmentCountsAsync(tenant);
        var shards = await Task.WhenAll(SegmentIndex.AllShardKeys(tenant).Select(key => grains.GetGrain<ISegmentShardGrain>(key).Members(segment)));
        var page = shards.SelectMany(members => members)
            .Where(id => after is null || string.CompareOrdinal(id, after) > 0)
            .Order(StringComparer.Ordinal)
            .Take(Math.Clamp(first, 0, 1_000))
            .ToImmutableArray();
        var count = (await counts).FirstOrDefault(c => c.Segment == segment)?.Count ?? 0;
        return new SegmentPage(segment, count, page);
    }

    /// <summary>The early-warning level now, with the signals behind it, under the tenant's policy in force.</summary>
    public async Task<Risk> RiskAsync(CustomerState customer) =>
        RiskAssessment.Assess(customer, await policies.GetEffectiveAsync(customer.Tenant), clock.Now);

    /// <summary>For every channel, what a contact request by the team would be answered now; nothing is booked.</summary>
    public async Task<ImmutableArray<ContactOption>> ContactOptionsAsync(CustomerState customer, Team team) =>
        ContactRequests.Options(customer, await policies.GetEffectiveAsync(customer.Tenant), team, clock.Now);

    /// <summary>The customer's situation in a few plain sentences, at the business clock's now.</summary>
    public async Task<IReadOnlyList<string>> SummaryAsync(CustomerState customer, ExplanationLanguage language) =>
        CustomerSummary.Of(customer, await policies.GetEffectiveAsync(customer.Tenant), clock.Now, language);

    public Task<CustomerState?> GetCustomerAsync(string tenant, string customerId) =>
        grains.Customer(tenant, customerId).Get();

    public async Task<CaseView?> GetCaseAsync(string tenant, string caseId)
    {
        var owner = await grains.GetGrain<ICaseGrain>(GrainKeys.Of(tenant, caseId)).GetOwner();
        if (owner is null || await GetCustomerAsync(tenant, owner) is not { } customer || customer.FindCase(caseId) is not { } @case)
        {
            return null;
        }

        return View(customer, @case, await PolicyOfAsync(tenant));
    }

    public CaseView View(CustomerState customer, CaseState @case, Policy policy)
    {
        var now = clock.Now;
        var today = Instant.FromDateTimeOffset(now).InZone(policy.Zone).Date.ToDateOnly();
        return new(customer, @case, CaseStatus.StageAt(@case, now, policy.Zone), CaseStatus.ActiveHold(customer, @case, policy.Holds.Scope), CaseStatus.OverdueFrom(@case, policy.Zone),
            InstalmentPlans.Of(customer, @case, policy.Plans, today));
    }

    public async Task<IReadOnlyList<CaseView>> CasesAsync(CustomerState customer)
    {
        var policy = await PolicyOfAsync(customer.Tenant);
        return [.. customer.Cases.Select(c => View(customer, c, policy))];
    }
}
