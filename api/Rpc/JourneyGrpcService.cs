using Journey.Api.Application;
using Journey.Api.Application.UseCases;
using System.Collections.Immutable;
using Grpc.Core;
using Journey.Api.Ingest;
using Journey.Domain;
using Journey.Abstractions;
using Journey.Abstractions.Outbox;
using Journey.Abstractions.Policies;
using Journey.Api.Wire;
using V1 = Journey.Api.V1;

namespace Journey.Api.Rpc;

/// <summary>journey.v1.JourneyService: maps requests onto the application layer and its answers and refusals onto messages and statuses.</summary>
public sealed class JourneyGrpcService(UseCasePipeline pipeline, IngestTouchpoints ingest, CustomerReadModel customers, JourneyApiOptions options) : V1.JourneyService.JourneyServiceBase
{
    public override Task<V1.TemplatesVersion> SetTemplates(V1.SetTemplatesRequest request, ServerCallContext context) => Answer(async () =>
    {
        var result = await pipeline.SendAsync(context.GetHttpContext().User, new SetTemplates(request.Tenant, request.Document));
        return ToMessage(result.Current!, result.Changed);
    });

    public override Task<V1.CustomerIdPage> ListCustomers(V1.ListCustomersRequest request, ServerCallContext context) => Answer(async () =>
    {
        var (ids, next) = await pipeline.SendAsync(context.GetHttpContext().User, new ListCustomerIds(request.Tenant, request.First, request.After));
        return OperationWire.CustomerIdPage.ToMessage(new CustomerIdPage(ids, next));
    });

    public override Task<V1.TemplatesVersion> GetTemplates(V1.GetTemplatesRequest request, ServerCallContext context) => Answer(async () =>
    {
        var version = await pipeline.SendAsync(context.GetHttpContext().User, new GetTemplates(request.Tenant))
            ?? throw RpcErrors.NotFound($"no templates for tenant '{request.Tenant}' and no default templates");
        return ToMessage(version, changed: false);
    });

    public override Task<V1.OutgoingMessage> RenderMessage(V1.RenderMessageRequest request, ServerCallContext context) => Answer(async () =>
        ProtoMapper.ToMessage(await pipeline.SendAsync(context.GetHttpContext().User, new RenderMessage(request.Tenant, request.CustomerId, request.ActionId))
            ?? throw RpcErrors.NotFound($"no action '{request.ActionId}' of customer '{request.CustomerId}' in tenant '{request.Tenant}'")));

    public override Task<V1.PushReceipt> Push(V1.Touchpoint request, ServerCallContext context) => Answer(async () =>
    {
        var outcome = await ingest.RecordAsync(context.GetHttpContext().User, ProtoMapper.ToRaw(request), request.CalculateSize());
        return new V1.PushReceipt { EventId = outcome.EventId, Duplicate = outcome.Status == IngestStatus.Duplicate, Version = outcome.Version };
    });

    public override async Task PushStream(IAsyncStreamReader<V1.Touchpoint> requestStream, IServerStreamWriter<V1.PushAck> responseStream, ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        var acks = AckWriter.Queue<V1.PushAck>(options.StreamInFlightLimit);
        var writing = AckWriter.WriteAllAsync(acks.Reader, responseStream, cancellation);
        try
        {
            await ingest.StreamAsync(context.GetHttpContext().User, Touchpoints(requestStream, cancellation), answer => acks.Writer.WriteAsync(ToMessage(answer), cancellation), cancellation);
        }
        catch (RefusedException refused)
        {
            // Refused before the first touchpoint was read: nothing was answered, and the writer stops with the call.
            acks.Writer.Complete();
            await writing;
            throw RpcErrors.Refused(refused);
        }

        acks.Writer.Complete();
        await writing;
    }

    public override Task<V1.Customer> GetCustomer(V1.GetCustomerRequest request, ServerCallContext context) => Answer(async () =>
    {
        var customer = await pipeline.SendAsync(context.GetHttpContext().User, new GetCustomer(request.Tenant, request.CustomerId, "customerId"))
            ?? throw RpcErrors.NotFound($"customer '{request.CustomerId}' of tenant '{request.Tenant}' is unknown");
        return ProtoMapper.ToMessage(customer, await customers.CasesAsync(customer), TimelineLimit(request.TimelineLimit));
    });

    public override Task<V1.Case> GetCase(V1.GetCaseRequest request, ServerCallContext context) => Answer(async () =>
    {
        var view = await pipeline.SendAsync(context.GetHttpContext().User, new GetCase(request.Tenant, request.CaseId, "caseId"))
            ?? throw RpcErrors.NotFound($"case '{request.CaseId}' of tenant '{request.Tenant}' is unknown");
        return ProtoMapper.ToMessage(view, includeTimeline: true);
    });

    public override async Task WatchCustomer(V1.WatchCustomerRequest request, IServerStreamWriter<V1.CustomerChange> responseStream, ServerCallContext context)
    {
        var changes = Checked(() => pipeline.Open(context.GetHttpContext().User, new WatchCustomer(request.Tenant, request.CustomerId, "customerId"), context.CancellationToken));
        await foreach (var change in changes)
        {
            var message = new V1.CustomerChange
            {
                Tenant = change.Tenant,
                CustomerId = change.CustomerId,
                Version = change.Version,
                Customer = ProtoMapper.ToMessage(change.Customer, await customers.CasesAsync(change.Customer), options.DefaultTimelinePage),
            };
            message.EventIds.AddRange(change.EventIds);
            await responseStream.WriteAsync(message, context.CancellationToken);
        }
    }

    public override Task<V1.ContactDecision> RequestContact(V1.ContactRequest request, ServerCallContext context) => Answer(async () =>
        ProtoMapper.ToMessage(await pipeline.SendAsync(context.GetHttpContext().User, new RequestContact(
            request.Tenant, request.CustomerId, ProtoMapper.ToDomain<Team, V1.Team>(request.Team), ProtoMapper.ToDomain<Channel, V1.Channel>(request.Channel), request.Purpose))));

    public override Task<V1.WorklistPage> GetWorklist(V1.WorklistRequest request, ServerCallContext context) => Answer(async () =>
    {
        var page = await pipeline.SendAsync(context.GetHttpContext().User, new GetWorklist(request.Tenant, ProtoMapper.ToDomain<Team, V1.Team>(request.Team),
            request.First == 0 ? null : request.First, string.IsNullOrEmpty(request.After) ? null : request.After));
        var message = new V1.WorklistPage { Total = page.Total };
        message.Items.AddRange(page.Items.Select(ProtoMapper.ToMessage));
        return message;
    });

    public override Task<V1.Receivables> GetReceivables(V1.ReceivablesRequest request, ServerCallContext context) => Answer(async () =>
    {
        DebtorType? debtorType = request.DebtorType switch
        {
            "" => null,
            var text when Enum.TryParse<DebtorType>(text, out var parsed) && Enum.IsDefined(parsed) => parsed,
            _ => throw new InvalidInputException(new FieldError("debtor_type", "must be CONSUMER or BUSINESS")),
        };
        var figures = await pipeline.SendAsync(context.GetHttpContext().User, new GetReceivables(request.Tenant, string.IsNullOrEmpty(request.Segment) ? null : request.Segment, debtorType));
        var dso = ReceivablesAnswers.Dso(figures, request.DsoDays == 0 ? null : request.DsoDays);
        var forecast = ReceivablesAnswers.Forecast(figures, request.ForecastWeeks == 0 ? null : request.ForecastWeeks, request.ForecastPast);
        return ProtoMapper.ToMessage(figures, dso, forecast);
    });

    public override Task<V1.WorklistWork> GetWorklistWork(V1.WorklistWorkRequest request, ServerCallContext context) => Answer(async () =>
    {
        var work = new V1.WorklistWork();
        work.Agents.AddRange((await pipeline.SendAsync(context.GetHttpContext().User, new GetWorklistWork(request.Tenant))).Select(OperationWire.AgentWork.ToMessage));
        return work;
    });

    public override Task<V1.WorklistTake> TakeWorklistItem(V1.WorklistItemRequest request, ServerCallContext context) => Answer(async () =>
    {
        var take = await pipeline.SendAsync(context.GetHttpContext().User, new TakeWorklistItem(request.Tenant, request.ItemId, request.Agent));
        return new V1.WorklistTake { Taken = take.Taken, Item = take.Entry is { } entry ? ProtoMapper.ToMessage(entry) : null };
    });

    public override Task<V1.WorklistCompletion> CompleteWorklistItem(V1.WorklistItemRequest request, ServerCallContext context) => Answer(async () =>
        new V1.WorklistCompletion { Completed = await pipeline.SendAsync(context.GetHttpContext().User, new CompleteWorklistItem(request.Tenant, request.ItemId, request.Agent)) });

    public override async Task WatchActions(V1.WatchActionsRequest request, IServerStreamWriter<V1.ActionEnvelope> responseStream, ServerCallContext context)
    {
        var channels = request.Channels.Select(c => ProtoMapper.ToDomain<Channel, V1.Channel>(c)).OfType<Channel>().ToHashSet();
        var entries = Checked(() => pipeline.Open(context.GetHttpContext().User, new WatchActions(request.Tenant, request.Cursor, channels), context.CancellationToken));
        try
        {
            await foreach (var entry in entries)
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

    public override Task<V1.PolicyVersion> SetPolicy(V1.SetPolicyRequest request, ServerCallContext context) => Answer(async () =>
    {
        var result = await pipeline.SendAsync(context.GetHttpContext().User, new SetPolicy(request.Tenant, request.Document));
        return ToMessage(result.Current!, result.Changed);
    });

    public override Task<V1.PolicyVersion> GetPolicy(V1.GetPolicyRequest request, ServerCallContext context) => Answer(async () =>
    {
        var version = await pipeline.SendAsync(context.GetHttpContext().User, new GetPolicy(request.Tenant))
            ?? throw RpcErrors.NotFound($"no policy for tenant '{request.Tenant}' and no default policy");
        return ToMessage(version, changed: false);
    });

    public override Task<V1.Clock> AdvanceClock(V1.AdvanceClockRequest request, ServerCallContext context) => Answer(async () =>
        ToMessage(await pipeline.SendAsync(context.GetHttpContext().User, new AdvanceClock(request.To), context.CancellationToken)));

    public override Task<V1.CustomerExport> ExportCustomer(V1.ExportCustomerRequest request, ServerCallContext context) => Answer(async () =>
        new V1.CustomerExport
        {
            Json = await pipeline.SendAsync(context.GetHttpContext().User, new ExportCustomer(request.Tenant, request.CustomerId, "customerId"))
                ?? throw RpcErrors.NotFound($"customer '{request.CustomerId}' of tenant '{request.Tenant}' is unknown"),
        });

    public override Task<V1.PolicyPreview> PreviewPolicy(V1.PreviewPolicyRequest request, ServerCallContext context) => Answer(async () =>
        PreviewMapper.ToMessage(await pipeline.SendAsync(context.GetHttpContext().User, new StartPolicyPreview(request.Tenant, request.Document, request.From, request.To, request.HasSample ? request.Sample : null)), 0, null));

    public override Task<V1.PolicyPreview> GetPolicyPreview(V1.PolicyPreviewRequest request, ServerCallContext context) => Answer(async () =>
    {
        var report = await pipeline.SendAsync(context.GetHttpContext().User, new GetPolicyPreview(request.Tenant, request.Id)) ?? throw RpcErrors.NotFound($"no preview '{request.Id}' for tenant '{request.Tenant}'");
        return PreviewMapper.ToMessage(report, request.First == 0 ? 100 : request.First, request.After.Length == 0 ? null : request.After);
    });

    public override Task<V1.PolicyPreview> CancelPolicyPreview(V1.PolicyPreviewRequest request, ServerCallContext context) => Answer(async () =>
    {
        var report = await pipeline.SendAsync(context.GetHttpContext().User, new CancelPolicyPreview(request.Tenant, request.Id)) ?? throw RpcErrors.NotFound($"no preview '{request.Id}' for tenant '{request.Tenant}'");
        return PreviewMapper.ToMessage(report, 0, null);
    });

    public override Task<V1.ErasureReceipt> EraseCustomer(V1.EraseCustomerRequest request, ServerCallContext context) => Answer(async () =>
    {
        var receipt = await pipeline.SendAsync(context.GetHttpContext().User, new EraseCustomer(request.Tenant, request.CustomerId, "customerId"));
        return OperationWire.ErasureReceipt.ToMessage(receipt);
    });

    public override Task<V1.Clock> GetClock(V1.GetClockRequest request, ServerCallContext context) => Answer(async () =>
        ToMessage(await pipeline.SendAsync(context.GetHttpContext().User, new GetClock())));

    private static V1.Clock ToMessage(BusinessClock clock) => OperationWire.Clock.ToMessage(clock);

    private static V1.TemplatesVersion ToMessage(Journey.Abstractions.Messages.TemplatesVersion version, bool changed)
    {
        var message = OperationWire.TemplatesVersion.ToMessage(version);
        message.Changed = changed;
        return message;
    }

    private static V1.PolicyVersion ToMessage(PolicyVersion version, bool changed)
    {
        var message = OperationWire.PolicyVersion.ToMessage(version);
        message.Changed = changed;
        return message;
    }

    private int TimelineLimit(int requested) => requested > 0 ? Math.Min(requested, 1000) : options.DefaultTimelinePage;

    private static T Checked<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (RefusedException refused)
        {
            throw RpcErrors.Refused(refused);
        }
    }

    /// <summary>The application's refusals as their statuses; anything else the cluster or storage threw as UNAVAILABLE.</summary>
    private static async Task<T> Answer<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RefusedException refused)
        {
            throw RpcErrors.Refused(refused);
        }
        catch (OverloadedException overloaded)
        {
            throw RpcErrors.Overloaded(overloaded);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw RpcErrors.Unavailable(exception);
        }
    }

    private static async IAsyncEnumerable<StreamedTouchpoint> Touchpoints(IAsyncStreamReader<V1.Touchpoint> requests, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        await foreach (var request in requests.ReadAllAsync(cancellation))
        {
            yield return new StreamedTouchpoint(ProtoMapper.ToRaw(request), request.CalculateSize());
        }
    }

    private static V1.PushAck ToMessage(StreamAnswer answer)
    {
        var ack = new V1.PushAck
        {
            Sequence = answer.Sequence,
            EventId = answer.EventId,
            Status = answer.Kind switch
            {
                StreamAnswerKind.Accepted => V1.PushAck.Types.Status.Accepted,
                StreamAnswerKind.Duplicate => V1.PushAck.Types.Status.Duplicate,
                StreamAnswerKind.Rejected => V1.PushAck.Types.Status.Rejected,
                _ => V1.PushAck.Types.Status.Unavailable,
            },
            Duplicate = answer.Kind == StreamAnswerKind.Duplicate,
            Version = answer.Version,
            Code = answer.Code,
        };
        if (answer.Message is { } message)
        {
            ack.Message = message;
        }

        if (!answer.Errors.IsDefaultOrEmpty)
        {
            ack.Errors.AddRange(answer.Errors.Select(e => new V1.FieldError { Field = e.Field, Message = e.Message }));
        }

        return ack;
    }
}
