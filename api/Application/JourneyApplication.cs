using System.Collections.Immutable;
using System.Security.Claims;
using Journey.Api.Ingest;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Domain;
using Journey.Domain.Rules;
using Journey.Abstractions;
using Journey.Abstractions.Outbox;
using Journey.Abstractions.Policies;
using Journey.Abstractions.Preview;
using Journey.Abstractions.Worklists;

namespace Journey.Api.Application;

/// <summary>A touchpoint admitted to a stream, or why it was not: refused by the caller's token, or invalid.</summary>
public readonly record struct Admission(Touchpoint? Touchpoint, ImmutableArray<FieldError> Errors, bool Permitted);

/// <summary>
/// Every command and query both APIs serve, written once: the caller's access, the input's validation,
/// then the grain or the reader. gRPC services and GraphQL resolvers only map requests onto these
/// methods and their answers and refusals (<see cref="RefusedException"/>) onto their own messages.
/// Ids are checked by the same rules a touchpoint's are; <c>idField</c> is the id's name in the
/// caller's API, so that an error names the field the caller sent.
/// </summary>
public sealed class JourneyApplication(
    IngestGateway ingest,
    JourneyReader reader,
    JourneyFeeds feeds,
    JourneyClockCommands clockCommands,
    PolicyPreviewService previews,
    IGrainFactory grains,
    BusinessClock clock,
    TenantAccess access,
    AuditLog audit,
    JourneyApiOptions options)
{
    public TouchpointLimits Limits => ingest.Limits;

    /// <summary>One item of a touchpoint stream (the stream's own right to ingest is checked by <see cref="DemandStream"/>).</summary>
    public Admission Admit(ClaimsPrincipal? caller, RawTouchpoint raw, int wireBytes = 0)
    {
        var (verdict, reason) = access.Check(caller, raw.Tenant, Permission.Ingest);
        if (verdict != AccessVerdict.Allowed)
        {
            return new Admission(null, [new FieldError("tenant", reason)], Permitted: false);
        }

        var parsed = Parse(raw, wireBytes);
        return new Admission(parsed.Touchpoint, parsed.Errors, Permitted: true);
    }

    /// <summary>A touchpoint stream may be opened by this caller (each item's tenant is checked by <see cref="Admit"/>).</summary>
    public void DemandStream(ClaimsPrincipal? caller) => Demand(caller, null, Permission.Ingest);

    /// <summary>Ingests one customer's batch of admitted touchpoints (a stream's lanes call this).</summary>
    public Task<ImmutableArray<IngestOutcome>> IngestAsync(ImmutableArray<Touchpoint> sameCustomerBatch) => ingest.IngestAsync(sameCustomerBatch);

    /// <summary>Records one touchpoint and answers once its effect is durable; a rejected one throws <see cref="InvalidInputException"/>.</summary>
    /// <exception cref="OverloadedException">The silo is at its in-flight limit.</exception>
    public async Task<IngestOutcome> RecordAsync(ClaimsPrincipal? caller, RawTouchpoint raw, int wireBytes = 0)
    {
        Demand(caller, raw.Tenant, Permission.Ingest);
        var parsed = Parse(raw, wireBytes);
        if (parsed.Touchpoint is not { } touchpoint)
        {
            throw new InvalidInputException(parsed.Errors);
        }

        var outcome = await ingest.IngestAsync(touchpoint);
        return outcome.Status == IngestStatus.Rejected ? throw new InvalidInputException(outcome.Errors) : outcome;
    }

    public async Task<CustomerState?> CustomerAsync(ClaimsPrincipal? caller, string? tenant, string? id, string idField)
    {
        RequireCustomer(caller, tenant, id, idField, Permission.Read);
        return await reader.GetCustomerAsync(tenant!, id!);
    }

    public async Task<CaseView?> CaseAsync(ClaimsPrincipal? caller, string? tenant, string? id, string idField)
    {
        RequireCustomer(caller, tenant, id, idField, Permission.Read);
        return await reader.GetCaseAsync(tenant!, id!);
    }

    /// <summary>The customer's cases as both APIs show them (stage, hold, next step worked out now).</summary>
    public Task<IReadOnlyList<CaseView>> CasesAsync(CustomerState customer) => reader.CasesAsync(customer);

    // What is worked out of a customer the caller has already been allowed to read (its parent field checked the access).

    /// <summary>The customer's early-warning level and the signals behind it.</summary>
    public Task<Risk> RiskAsync(CustomerState customer) => reader.RiskAsync(customer);

    /// <summary>Every channel's <c>requestContact</c> answer for <paramref name="team"/> now, booking nothing.</summary>
    public Task<ImmutableArray<ContactOption>> ContactOptionsAsync(CustomerState customer, Team team) => reader.ContactOptionsAsync(customer, team);

    /// <summary>The customer's situation in plain sentences.</summary>
    public Task<IReadOnlyList<string>> SummaryAsync(CustomerState customer, ExplanationLanguage language) => reader.SummaryAsync(customer, language);

    /// <summary>The newest <paramref name="first"/> decisions, the archive included.</summary>
    public Task<IReadOnlyList<OutboundAction>> DecisionsAsync(CustomerState customer, int first) => reader.DecisionsAsync(customer, first);

    /// <summary>Everything held about the customer as one JSON document (GDPR access); null for an id never seen or erased.</summary>
    public async Task<string?> ExportAsync(ClaimsPrincipal? caller, string? tenant, string? id, string idField)
    {
        RequireCustomer(caller, tenant, id, idField, Permission.Privacy);
        var export = await grains.Customer(tenant!, id!).Export();
        if (export is null)
        {
            return null;
        }

        await audit.RecordAsync(caller, tenant!, AuditActions.CustomerExported, $"customer {id}", id);
        return CustomerExportDocument.Write(export, clock.Now);
    }

    public async Task<ErasureReceipt> EraseAsync(ClaimsPrincipal? caller, string? tenant, string? id, string idField)
    {
        RequireCustomer(caller, tenant, id, idField, Permission.Privacy);
        var receipt = await grains.Customer(tenant!, id!).Erase();
        if (receipt.Erased)
        {
            // The trail keeps its lines about the customer, without the customer's id; the erasure's own line never had it.
            await grains.GetGrain<IAuditTrailGrain>(tenant!).Redact(id!);
            await audit.RecordAsync(caller, tenant!, AuditActions.CustomerErased, $"a customer: {receipt.Touchpoints} touchpoints, {receipt.Cases} cases, {receipt.Actions} actions");
        }

        return receipt;
    }

    /// <summary>May this team contact the customer now, on this channel? An allowed contact is booked against the budget.</summary>
    public async Task<ContactDecision> RequestContactAsync(ClaimsPrincipal? caller, string? tenant, string? customerId, Team? team, Channel? channel, string? purpose)
    {
        Demand(caller, tenant, Permission.Contact);
        var errors = TouchpointParser.KeyErrors(tenant, "tenant", customerId, "customerId", Limits).ToBuilder();
        if (team is null)
        {
            errors.Add(new FieldError("team", $"is required: one of {string.Join(", ", Enum.GetNames<Team>())}"));
        }

        if (channel is null)
        {
            errors.Add(new FieldError("channel", $"is required: one of {string.Join(", ", Enum.GetNames<Channel>())}"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors.ToImmutable());
        }

        return await grains.Customer(tenant!, customerId!).RequestContact(team!.Value, channel!.Value, purpose ?? "");
    }

    /// <summary>
    /// A page of the tenant's customer ids from its directory (a customer is listed when first stored, delisted when erased),
    /// for batch work that must visit every customer (reconciliation). <paramref name="after"/> is the previous page's
    /// <c>Next</c>; null when there are no more.
    /// </summary>
    public async Task<(ImmutableArray<string> Ids, string? Next)> CustomerIdsAsync(ClaimsPrincipal? caller, string? tenant, int first, string? after)
    {
        RequireTenant(caller, tenant, Permission.Read);
        first = Math.Clamp(first <= 0 ? 1000 : first, 1, 5000);
        var (shard, afterId) = Journey.Abstractions.Directory.CustomerDirectory.ParseCursor(after) ?? throw new InvalidInputException(new FieldError("after", "is not a cursor this query gave"));
        var ids = ImmutableArray.CreateBuilder<string>();
        for (; shard < Journey.Abstractions.Directory.CustomerDirectory.Shards && ids.Count < first; shard++, afterId = null)
        {
            var page = await grains.GetGrain<Journey.Abstractions.Directory.ICustomerDirectoryGrain>($"{tenant}/{shard}").Page(afterId, first - ids.Count);
            ids.AddRange(page);
            if (ids.Count >= first)
            {
                return (ids.ToImmutable(), Journey.Abstractions.Directory.CustomerDirectory.Cursor(shard, page[^1]));
            }
        }

        return (ids.ToImmutable(), null);
    }

    /// <summary>The policy in force for the tenant: its own latest version, else the default tenant's; null when there is neither.</summary>
    public async Task<PolicyVersion?> PolicyAsync(ClaimsPrincipal? caller, string? tenant)
    {
        RequireTenant(caller, tenant, Permission.Read);
        return await grains.GetGrain<ITenantPolicyGrain>(tenant!).GetEffective();
    }

    /// <summary>Sets the tenant's policy document; an invalid one throws <see cref="InvalidInputException"/> with its errors by line and path.</summary>
    public async Task<SetPolicyResult> SetPolicyAsync(ClaimsPrincipal? caller, string? tenant, string? document)
    {
        RequireTenant(caller, tenant, Permission.AdministerPolicy);
        var result = await grains.GetGrain<ITenantPolicyGrain>(tenant!).Set(document ?? "", "api");
        if (!result.Accepted)
        {
            throw new InvalidInputException([], result.Errors);
        }

        if (result.Changed)
        {
            await audit.RecordAsync(caller, tenant!, AuditActions.PolicyChanged, $"policy version {result.Current!.Version}");
        }

        return result;
    }

    public async Task<PreviewReport> StartPreviewAsync(ClaimsPrincipal? caller, string? tenant, string? document, string? from, string? to, double? sample)
    {
        RequireTenant(caller, tenant, Permission.AdministerPolicy);
        var started = await previews.StartAsync(tenant!, document ?? "", from, to, sample);
        return started.Report ?? throw new InvalidInputException([.. started.Errors], started.PolicyErrors);
    }

    /// <summary>A preview's progress and answer; null for an unknown id.</summary>
    public Task<PreviewReport?> PreviewAsync(ClaimsPrincipal? caller, string? tenant, string? id)
    {
        RequireTenant(caller, tenant, Permission.Read);
        return previews.ReportAsync(tenant!, id ?? "");
    }

    public Task<PreviewReport?> CancelPreviewAsync(ClaimsPrincipal? caller, string? tenant, string? id)
    {
        RequireTenant(caller, tenant, Permission.AdministerPolicy);
        return previews.CancelAsync(tenant!, id ?? "");
    }

    public Task<TenantStatisticsView> StatisticsAsync(ClaimsPrincipal? caller, string? tenant)
    {
        RequireTenant(caller, tenant, Permission.Read);
        return reader.StatisticsAsync(tenant!);
    }

    /// <summary>The tenant's receivables figures today, for every customer or one of its policy's segments.</summary>
    public async Task<ReceivablesFigures> ReceivablesAsync(ClaimsPrincipal? caller, string? tenant, string? segment, DebtorType? debtorType)
    {
        RequireTenant(caller, tenant, Permission.Read);
        if (segment is not null && !(await reader.PolicyOfAsync(tenant!)).Segments.Any(s => s.Id == segment))
        {
            throw new InvalidInputException(new FieldError("segment", $"'{segment}' is not a segment of the tenant's policy"));
        }

        return await reader.ReceivablesAsync(tenant!, segment, debtorType);
    }

    public Task<ImmutableArray<SegmentCount>> SegmentCountsAsync(ClaimsPrincipal? caller, string? tenant)
    {
        RequireTenant(caller, tenant, Permission.Read);
        return reader.SegmentCountsAsync(tenant!);
    }

    public Task<SegmentPage> SegmentMembersAsync(ClaimsPrincipal? caller, string? tenant, string? segment, int first, string? after)
    {
        RequireTenant(caller, tenant, Permission.Read);
        return reader.SegmentMembersAsync(tenant!, segment ?? "", first, after);
    }

    /// <summary>Per-variant outcomes of one of the tenant's experiments; null for an unknown experiment.</summary>
    public Task<ExperimentResults?> ExperimentResultsAsync(ClaimsPrincipal? caller, string? tenant, string? experiment)
    {
        RequireTenant(caller, tenant, Permission.Read);
        return reader.ExperimentResultsAsync(tenant!, experiment ?? "");
    }

    public BusinessClock Clock(ClaimsPrincipal? caller)
    {
        Demand(caller, null, Permission.Read);
        return clock;
    }

    /// <summary>Simulated clock only: fires every step due up to <paramref name="to"/>, in time order.</summary>
    public async Task<BusinessClock> AdvanceClockAsync(ClaimsPrincipal? caller, string? to, CancellationToken cancellationToken)
    {
        Demand(caller, null, Permission.Operate);
        var from = clock.Now;
        var moved = await clockCommands.AdvanceAsync(to, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.ClusterTrail, AuditActions.ClockMoved, $"from {IsoTime.Format(from)} to {IsoTime.Format(moved.Now)}");
        return moved;
    }

    /// <summary>A page of the tenant's audit trail, newest first (role auditor).</summary>
    public Task<(ImmutableArray<AuditEntry> Lines, string? Next)> AuditTrailAsync(ClaimsPrincipal? caller, string? tenant, int? first, string? after) =>
        audit.PageAsync(caller, tenant, first, after);

    /// <summary>The customer's state now, then after every persisted change. Access and ids are checked before the first item is asked for.</summary>
    public IAsyncEnumerable<CustomerChangeEvent> CustomerChanges(ClaimsPrincipal? caller, string? tenant, string? id, string idField, CancellationToken cancellationToken)
    {
        RequireCustomer(caller, tenant, id, idField, Permission.Read);
        return feeds.CustomerChangesAsync(tenant!, id!, cancellationToken);
    }

    /// <summary>The tenant's dispatched actions and cancellations after <paramref name="cursor"/> (null: from now on), of <paramref name="channels"/> when any are named.</summary>
    public IAsyncEnumerable<OutboxEntry> Actions(ClaimsPrincipal? caller, string? tenant, long? cursor, IReadOnlySet<Channel> channels, CancellationToken cancellationToken)
    {
        RequireTenant(caller, tenant, Permission.Ingest);
        return feeds.ActionsAsync(tenant!, cursor, channels, cancellationToken);
    }

    /// <summary>A page of the team's worklist in the worklist's order, read from the tenant's worklist shards (no customer grain is called).</summary>
    public async Task<WorklistPage> WorklistAsync(ClaimsPrincipal? caller, string? tenant, Team? team, int? first, string? after)
    {
        RequireTenant(caller, tenant, Permission.Read);
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        if (team is null)
        {
            errors.Add(new FieldError("team", $"is required: one of {string.Join(", ", Enum.GetNames<Team>())}"));
        }

        if (first is < 1 or > 500)
        {
            errors.Add(new FieldError("first", "must be between 1 and 500"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors.ToImmutable());
        }

        await reader.SettledAsync();
        var (now, today) = await reader.TenantTodayAsync(tenant!);
        var all = await WorklistQuery.ReadAsync(grains, tenant!, team!.Value, now, today);
        var start = after is null ? 0 : all.IndexOf(all.FirstOrDefault(e => e.Item.ItemId == after)!) + 1;
        if (after is not null && start == 0)
        {
            throw new InvalidInputException([new FieldError("after", $"'{after}' is not on the team's worklist")]);
        }

        return new WorklistPage(all.Length, [.. all.Skip(start).Take(first ?? 50)]);
    }

    /// <summary>
    /// Leases a worklist item to the agent for <c>Journey:Api:WorklistLease</c>: the agent is the token's
    /// subject when authentication is on, the <paramref name="agent"/> given when it is off.
    /// </summary>
    public async Task<WorklistTake> TakeWorklistItemAsync(ClaimsPrincipal? caller, string? tenant, string? itemId, string? agent)
    {
        var who = RequireWorklistItem(caller, tenant, itemId, agent);
        var (now, today) = await reader.TenantTodayAsync(tenant!);
        var take = await WorklistQuery.ShardOf(grains, tenant!, itemId!).Take(itemId!, who, now, today, options.WorklistLease);
        if (take.Taken)
        {
            await audit.RecordAsync(caller, tenant!, AuditActions.WorklistTaken, $"item {itemId} by {who}", WorklistRules.CustomerOf(itemId!));
        }

        return take;
    }

    /// <summary>Items each agent of each team took and completed, read from the tenant's worklist shards (collector productivity).</summary>
    public async Task<ImmutableArray<AgentWork>> WorklistWorkAsync(ClaimsPrincipal? caller, string? tenant)
    {
        RequireTenant(caller, tenant, Permission.Read);
        return await WorklistQuery.WorkAsync(grains, tenant!);
    }

    /// <summary>The agent is done with the item: its lease ends and it leaves the list while the customer's state still gives it. False for an item not on any list.</summary>
    public async Task<bool> CompleteWorklistItemAsync(ClaimsPrincipal? caller, string? tenant, string? itemId, string? agent)
    {
        var who = RequireWorklistItem(caller, tenant, itemId, agent);
        var completed = await WorklistQuery.ShardOf(grains, tenant!, itemId!).Complete(itemId!, who, clock.Now);
        if (completed)
        {
            await audit.RecordAsync(caller, tenant!, AuditActions.WorklistCompleted, $"item {itemId} by {who}", WorklistRules.CustomerOf(itemId!));
        }

        return completed;
    }

    private string RequireWorklistItem(ClaimsPrincipal? caller, string? tenant, string? itemId, string? agent)
    {
        Demand(caller, tenant, Permission.Contact);
        var errors = TouchpointParser.TenantErrors(tenant, limits: Limits).ToBuilder();
        if (string.IsNullOrEmpty(itemId) || WorklistRules.CustomerOf(itemId) is null)
        {
            errors.Add(new FieldError("itemId", "is required: the itemId of a worklist item"));
        }

        var who = access.Enabled ? caller?.Identity?.Name : agent;
        if (string.IsNullOrWhiteSpace(who))
        {
            errors.Add(new FieldError("agent", access.Enabled ? "the token names no subject (sub)" : "is required when authentication is off: who takes the item"));
        }

        return errors.Count > 0 ? throw new InvalidInputException(errors.ToImmutable()) : who!;
    }

    private ParseResult Parse(RawTouchpoint raw, int wireBytes) =>
        wireBytes > options.MaxTouchpointBytes
            ? new ParseResult(null, [new FieldError("touchpoint", $"is {wireBytes} bytes; at most {options.MaxTouchpointBytes} are accepted")])
            : ingest.Parse(raw);

    private void Demand(ClaimsPrincipal? caller, string? tenant, Permission permission) => access.Demand(caller, tenant, permission);

    private void RequireTenant(ClaimsPrincipal? caller, string? tenant, Permission permission) => access.RequireTenant(caller, tenant, permission, Limits);

    private void RequireCustomer(ClaimsPrincipal? caller, string? tenant, string? id, string idField, Permission permission)
    {
        Demand(caller, tenant, permission);
        if (TouchpointParser.KeyErrors(tenant, "tenant", id, idField, Limits) is { IsEmpty: false } errors)
        {
            throw new InvalidInputException(errors);
        }
    }
}
