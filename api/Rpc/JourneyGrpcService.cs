using Journey.Api.Application;
using System.Collections.Immutable;
using Grpc.Core;
using Journey.Api.Ingest;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Domain;
using Journey.Grains;
using Journey.Grains.Outbox;
using Journey.Grains.Policies;
using Journey.Grains.Scheduling;
using V1 = Journey.Api.V1;

namespace Journey.Api.Rpc;

/// <summary>journey.v1.JourneyService: a thin adapter from gRPC to the grains.</summary>
public sealed class JourneyGrpcService(
    IngestGateway ingest,
    JourneyReader reader,
    Application.JourneyFeeds feeds,
    IGrainFactory grains,
    BusinessClock clock,
    Application.JourneyClockCommands clockCommands,
    TenantAccess access,
    JourneyApiOptions options,
    PolicyPreviewService previews) : V1.JourneyService.JourneyServiceBase
{
    /// <summary>Refuses the call unless the caller's token grants the permission (for the tenant, when one is named).</summary>
    private void Demand(ServerCallContext context, string? tenant, Permission permission)
    {
        var (verdict, reason) = access.Check(context.GetHttpContext().User, tenant, permission);
        switch (verdict)
        {
            case AccessVerdict.Unauthenticated:
                throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unauthenticated, reason));
            case AccessVerdict.Forbidden:
                throw new RpcException(new global::Grpc.Core.Status(StatusCode.PermissionDenied, reason));
        }
    }

    public override async Task<V1.PushReceipt> Push(V1.Touchpoint request, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.Ingest);
        var parsed = Parse(request);
        if (parsed.Touchpoint is not { } touchpoint)
        {
            throw RpcErrors.InvalidArgument(parsed.Errors);
        }

        IngestOutcome outcome;
        try
        {
            outcome = await ingest.IngestAsync(touchpoint);
        }
        catch (OverloadedException overloaded)
        {
            throw RpcErrors.Overloaded(overloaded);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw RpcErrors.Unavailable(exception);
        }

        return outcome.Status == IngestStatus.Rejected
            ? throw RpcErrors.InvalidArgument(outcome.Errors)
            : new V1.PushReceipt { EventId = outcome.EventId, Duplicate = outcome.Status == IngestStatus.Duplicate, Version = outcome.Version };
    }

    public override async Task PushStream(IAsyncStreamReader<V1.Touchpoint> requestStream, IServerStreamWriter<V1.PushAck> responseStream, ServerCallContext context)
    {
        Demand(context, null, Permission.Ingest);
        var user = context.GetHttpContext().User;
        var cancellation = context.CancellationToken;
        var acks = AckWriter.Queue<V1.PushAck>(options.StreamInFlightLimit);
        var writing = AckWriter.WriteAllAsync(acks.Reader, responseStream, cancellation);
        ValueTask Emit(V1.PushAck ack) => acks.Writer.WriteAsync(ack, cancellation);

        var lanes = new CustomerLanes<V1.PushAck>(
            ingest.IngestAsync, Acknowledge, Unavailable, Emit, options.StreamInFlightLimit, options.StreamBatchLimit);

        long sequence = 0;
        await foreach (var request in requestStream.ReadAllAsync(cancellation))
        {
            var allowed = access.Check(user, request.Tenant, Permission.Ingest).Verdict == AccessVerdict.Allowed;
            var parsed = allowed ? Parse(request) : new ParseResult(null, [new FieldError("tenant", $"the token does not grant tenant '{request.Tenant}'")]);
            var item = parsed.Touchpoint is { } touchpoint
                ? new LaneItem<V1.PushAck>(sequence, touchpoint, null)
                : new LaneItem<V1.PushAck>(sequence, null, Rejected(sequence, request.EventId, parsed.Errors, allowed ? "INVALID_ARGUMENT" : "PERMISSION_DENIED"));
            await lanes.EnqueueAsync(GrainKeys.Of(request.Tenant, request.CustomerId), item, cancellation);
            sequence++;
        }

        await lanes.CompleteAsync(cancellation);
        acks.Writer.Complete();
        await writing;
    }

    public override async Task<V1.Customer> GetCustomer(V1.GetCustomerRequest request, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.Read);
        RequireKey(request.Tenant, "tenant", request.CustomerId, "customerId");
        var customer = await Read(() => reader.GetCustomerAsync(request.Tenant, request.CustomerId))
            ?? throw RpcErrors.NotFound($"customer '{request.CustomerId}' of tenant '{request.Tenant}' is unknown");
        return ProtoMapper.ToMessage(customer, await reader.CasesAsync(customer), TimelineLimit(request.TimelineLimit));
    }

    public override async Task<V1.Case> GetCase(V1.GetCaseRequest request, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.Read);
        RequireKey(request.Tenant, "tenant", request.CaseId, "caseId");
        var view = await Read(() => reader.GetCaseAsync(request.Tenant, request.CaseId))
            ?? throw RpcErrors.NotFound($"case '{request.CaseId}' of tenant '{request.Tenant}' is unknown");
        return ProtoMapper.ToMessage(view, includeTimeline: true);
    }

    public override async Task WatchCustomer(V1.WatchCustomerRequest request, IServerStreamWriter<V1.CustomerChange> responseStream, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.Read);
        RequireKey(request.Tenant, "tenant", request.CustomerId, "customerId");
        await foreach (var change in feeds.CustomerChangesAsync(request.Tenant, request.CustomerId, context.CancellationToken))
        {
            var message = new V1.CustomerChange
            {
                Tenant = change.Tenant,
                CustomerId = change.CustomerId,
                Version = change.Version,
                Customer = ProtoMapper.ToMessage(change.Customer, await reader.CasesAsync(change.Customer), options.DefaultTimelinePage),
            };
            message.EventIds.AddRange(change.EventIds);
            await responseStream.WriteAsync(message, context.CancellationToken);
        }
    }

    public override async Task<V1.ContactDecision> RequestContact(V1.ContactRequest request, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.Contact);
        RequireKey(request.Tenant, "tenant", request.CustomerId, "customerId");
        var team = ProtoMapper.ToDomain<Team, V1.Team>(request.Team) ?? throw RpcErrors.InvalidArgument("team", "is required: one of SALES, SERVICE, BILLING, COLLECTION");
        var channel = ProtoMapper.ToDomain<Channel, V1.Channel>(request.Channel) ?? throw RpcErrors.InvalidArgument("channel", "is required");
        var decision = await Read(() => grains.Customer(request.Tenant, request.CustomerId).RequestContact(team, channel, request.Purpose));
        return ProtoMapper.ToMessage(decision);
    }

    public override async Task WatchActions(V1.WatchActionsRequest request, IServerStreamWriter<V1.ActionEnvelope> responseStream, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.Ingest);
        if (!TouchpointParser.IsValidTenant(request.Tenant))
        {
            throw RpcErrors.InvalidArgument("tenant", "is required");
        }

        var channels = request.Channels.Select(c => ProtoMapper.ToDomain<Channel, V1.Channel>(c)).OfType<Channel>().ToHashSet();
        try
        {
            await foreach (var entry in feeds.ActionsAsync(request.Tenant, request.Cursor, channels, context.CancellationToken))
            {
                await responseStream.WriteAsync(new V1.ActionEnvelope
                {
                    Cursor = entry.Sequence,
                    Kind = entry.Kind == OutboxEntryKind.Cancel ? V1.ActionEnvelope.Types.Kind.Cancel : V1.ActionEnvelope.Types.Kind.Dispatch,
                    Action = ProtoMapper.ToMessage(entry.Action, request.Tenant, entry.CustomerId),
                }, context.CancellationToken);
            }
        }
        catch (FeedUnavailableException exception)
        {
            throw RpcErrors.Unavailable(exception.InnerException!);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
    }

    public override async Task<V1.PolicyVersion> SetPolicy(V1.SetPolicyRequest request, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.AdministerPolicy);
        if (!TouchpointParser.IsValidTenant(request.Tenant))
        {
            throw RpcErrors.InvalidArgument("tenant", "is required");
        }

        var result = await Read(() => grains.GetGrain<ITenantPolicyGrain>(request.Tenant).Set(request.Document, "api"));
        if (!result.Accepted)
        {
            throw RpcErrors.InvalidArgument([.. result.Errors.Select(e => new FieldError($"document:{e.Line}:{e.Path}", e.Message))]);
        }

        return ToMessage(result.Current!, result.Changed);
    }

    public override async Task<V1.PolicyVersion> GetPolicy(V1.GetPolicyRequest request, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.Read);
        if (!TouchpointParser.IsValidTenant(request.Tenant))
        {
            throw RpcErrors.InvalidArgument("tenant", "is required");
        }

        var version = await Read(() => grains.GetGrain<ITenantPolicyGrain>(request.Tenant).GetEffective())
            ?? throw RpcErrors.NotFound($"no policy for tenant '{request.Tenant}' and no default policy");
        return ToMessage(version, changed: false);
    }

    public override async Task<V1.Clock> AdvanceClock(V1.AdvanceClockRequest request, ServerCallContext context)
    {
        Demand(context, null, Permission.Operate);
        try
        {
            var advanced = await clockCommands.AdvanceAsync(request.To, context.CancellationToken);
            return new V1.Clock { Now = IsoTime.Format(advanced.Now), Mode = advanced.Mode.ToString() };
        }
        catch (InvalidFieldException invalid)
        {
            throw RpcErrors.InvalidArgument(invalid.Error.Field, invalid.Error.Message);
        }
        catch (ClockNotSimulatedException notSimulated)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.FailedPrecondition, notSimulated.Message));
        }
    }

    public override async Task<V1.CustomerExport> ExportCustomer(V1.ExportCustomerRequest request, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.Privacy);
        RequireKey(request.Tenant, "tenant", request.CustomerId, "customerId");
        var export = await Read(() => grains.Customer(request.Tenant, request.CustomerId).Export())
            ?? throw RpcErrors.NotFound($"customer '{request.CustomerId}' of tenant '{request.Tenant}' is unknown");
        return new V1.CustomerExport { Json = CustomerExportDocument.Write(export, clock.Now) };
    }

    public override async Task<V1.PolicyPreview> PreviewPolicy(V1.PreviewPolicyRequest request, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.AdministerPolicy);
        var started = await Read(() => previews.StartAsync(request.Tenant, request.Document, request.From, request.To, request.HasSample ? request.Sample : null));
        if (started.Errors.Count > 0 || started.PolicyErrors.Count > 0)
        {
            throw RpcErrors.InvalidArgument([.. started.Errors, .. started.PolicyErrors.Select(e => new FieldError($"document:{e.Line}:{e.Path}", e.Message))]);
        }

        return PreviewMapper.ToMessage(started.Report!, 0, null);
    }

    public override async Task<V1.PolicyPreview> GetPolicyPreview(V1.PolicyPreviewRequest request, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.Read);
        var report = await Read(() => previews.ReportAsync(request.Tenant, request.Id)) ?? throw RpcErrors.NotFound($"no preview '{request.Id}' for tenant '{request.Tenant}'");
        return PreviewMapper.ToMessage(report, request.First == 0 ? 100 : request.First, request.After.Length == 0 ? null : request.After);
    }

    public override async Task<V1.PolicyPreview> CancelPolicyPreview(V1.PolicyPreviewRequest request, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.AdministerPolicy);
        var report = await Read(() => previews.CancelAsync(request.Tenant, request.Id)) ?? throw RpcErrors.NotFound($"no preview '{request.Id}' for tenant '{request.Tenant}'");
        return PreviewMapper.ToMessage(report, 0, null);
    }

    public override async Task<V1.ErasureReceipt> EraseCustomer(V1.EraseCustomerRequest request, ServerCallContext context)
    {
        Demand(context, request.Tenant, Permission.Privacy);
        RequireKey(request.Tenant, "tenant", request.CustomerId, "customerId");
        var receipt = await Read(() => grains.Customer(request.Tenant, request.CustomerId).Erase());
        return new V1.ErasureReceipt
        {
            Tenant = receipt.Tenant,
            CustomerId = receipt.CustomerId,
            Erased = receipt.Erased,
            ErasedAt = receipt.ErasedAt is { } at ? IsoTime.Format(at) : "",
            Touchpoints = receipt.Touchpoints,
            Cases = receipt.Cases,
            Actions = receipt.Actions,
            ArchivePages = receipt.ArchivePages,
            OutboxEntries = receipt.OutboxEntries,
        };
    }

    public override Task<V1.Clock> GetClock(V1.GetClockRequest request, ServerCallContext context)
    {
        Demand(context, null, Permission.Read);
        return Task.FromResult(new V1.Clock { Now = IsoTime.Format(clock.Now), Mode = clock.Mode.ToString() });
    }

    private static V1.PolicyVersion ToMessage(PolicyVersion version, bool changed) => new()
    {
        Tenant = version.Tenant,
        Version = version.Version,
        Document = version.Document,
        SetAt = IsoTime.Format(version.SetAt),
        Source = version.Source,
        Changed = changed,
    };

    private ParseResult Parse(V1.Touchpoint message)
    {
        var size = message.CalculateSize();
        return size > options.MaxTouchpointBytes
            ? new ParseResult(null, [new FieldError("touchpoint", $"is {size} bytes; at most {options.MaxTouchpointBytes} are accepted")])
            : ingest.Parse(ProtoMapper.ToRaw(message));
    }

    private int TimelineLimit(int requested) => requested > 0 ? Math.Min(requested, 1000) : options.DefaultTimelinePage;

    private static void RequireKey(string tenant, string tenantField, string id, string idField)
    {
        if (TouchpointParser.KeyErrors(tenant, tenantField, id, idField) is { IsEmpty: false } errors)
        {
            throw RpcErrors.InvalidArgument(errors);
        }
    }

    private static async Task<T> Read<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw RpcErrors.Unavailable(exception);
        }
    }

    private static V1.PushAck Acknowledge(LaneItem<V1.PushAck> item, IngestOutcome outcome) => outcome.Status switch
    {
        IngestStatus.Rejected => Rejected(item.Sequence, outcome.EventId, outcome.Errors),
        _ => new V1.PushAck
        {
            Sequence = item.Sequence,
            EventId = outcome.EventId,
            Status = outcome.Status == IngestStatus.Duplicate ? V1.PushAck.Types.Status.Duplicate : V1.PushAck.Types.Status.Accepted,
            Duplicate = outcome.Status == IngestStatus.Duplicate,
            Version = outcome.Version,
            Code = "OK",
        },
    };

    private static V1.PushAck Unavailable(LaneItem<V1.PushAck> item, Exception exception) => new()
    {
        Sequence = item.Sequence,
        EventId = item.Touchpoint?.EventId ?? "",
        Status = V1.PushAck.Types.Status.Unavailable,
        Code = exception is OverloadedException ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE",
        Message = $"not acknowledged, retry with the same eventId: {exception.Message}",
    };

    private static V1.PushAck Rejected(long sequence, string eventId, ImmutableArray<FieldError> errors, string code = "INVALID_ARGUMENT")
    {
        var ack = new V1.PushAck
        {
            Sequence = sequence,
            EventId = eventId,
            Status = V1.PushAck.Types.Status.Rejected,
            Code = code,
            Message = string.Join("; ", errors),
        };
        ack.Errors.AddRange(errors.Select(e => new V1.FieldError { Field = e.Field, Message = e.Message }));
        return ack;
    }
}
