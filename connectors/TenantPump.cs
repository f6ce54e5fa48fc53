using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Grpc.Core;
using Journey.Api.V1;
using Journey.Connectors.Senders;

namespace Journey.Connectors;

/// <summary>
/// One tenant's deliveries: reads the tenant's dispatched actions from WatchActions (resuming after the journal's
/// cursor), and for each one has the engine render it, waits for quiet hours to end if they began, honours the
/// channel's rate limit, sends it once and reports MESSAGE_SENT or MESSAGE_FAILED. A cancellation seen before the
/// send stops it; the render right before sending is the last word (an action cancelled or paid meanwhile is not sent).
/// </summary>
public sealed class TenantPump(
    string tenant,
    ConnectorOptions options,
    EngineClient engine,
    IReadOnlyList<IChannelSender> senders,
    WebhookSender? handovers,
    RateLimits limits,
    ConnectorStatus status,
    ILogger logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, byte> _cancelled = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellation)
    {
        using var journal = new DeliveryJournal(options.State, tenant);
        var queue = System.Threading.Channels.Channel.CreateUnbounded<ActionEnvelope>();
        var workers = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(() => WorkAsync(queue.Reader, journal, cancellation), cancellation)).ToList();
        var resumeAfter = journal.Cursor;
        var backoff = TimeSpan.FromMilliseconds(250);
        logger.LogInformation("Delivering {Tenant}'s messages from cursor {Cursor}", tenant, resumeAfter);
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                using var call = engine.WatchActions(tenant, resumeAfter, cancellation);
                await foreach (var envelope in call.ResponseStream.ReadAllAsync(cancellation))
                {
                    backoff = TimeSpan.FromMilliseconds(250);
                    resumeAfter = envelope.Cursor;
                    journal.Begin(envelope.Cursor);
                    if (envelope.Kind == ActionEnvelope.Types.Kind.Cancel)
                    {
                        _cancelled[envelope.Action.ActionId] = 0;
                        journal.Done(envelope.Cursor);
                    }
                    else
                    {
                        status.Queued(tenant, +1);
                        queue.Writer.TryWrite(envelope);
                    }
                }
            }
            catch (RpcException exception) when (!cancellation.IsCancellationRequested)
            {
                logger.LogWarning("WatchActions of {Tenant} ended ({Status}); resuming after {Cursor} in {Delay}", tenant, exception.StatusCode, resumeAfter, backoff);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                break;
            }

            await Delay(backoff, cancellation);
            backoff = Next(backoff);
        }

        queue.Writer.TryComplete();
        await Task.WhenAll(workers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private async Task WorkAsync(System.Threading.Channels.ChannelReader<ActionEnvelope> queue, DeliveryJournal journal, CancellationToken cancellation)
    {
        await foreach (var envelope in queue.ReadAllAsync(cancellation))
        {
            status.Queued(tenant, -1);
            try
            {
                await DeliverAsync(envelope.Action, journal, cancellation);
                journal.Done(envelope.Cursor);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(Api.V1.Action action, DeliveryJournal journal, CancellationToken cancellation)
    {
        if (action.DecidedBy.StartsWith("team:", StringComparison.Ordinal) || senders.FirstOrDefault(s => s.Handles(action.Channel)) is not { } sender)
        {
            return;
        }

        switch (journal.StateOf(action.ActionId))
        {
            case 'R':
                return;
            case 'S':
                await ReportAsync(action, TouchpointType.MessageSent, null, journal, cancellation);
                return;
            case 'F':
                await ReportAsync(action, TouchpointType.MessageFailed, "rejected", journal, cancellation);
                return;
        }

        var backoff = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (_cancelled.ContainsKey(action.ActionId))
            {
                status.Count(tenant, action.Channel, "cancelled");
                return;
            }

            OutgoingMessage? message;
            try
            {
                (await limits.AcquireAsync(tenant, action.Channel, cancellation)).Dispose();

                message = await engine.RenderAsync(tenant, action.CustomerId, action.ActionId, cancellation);
                if (message is null || message.Status != ActionStatus.Dispatched || message.BookedByTeam)
                {
                    status.Count(tenant, action.Channel, "cancelled");
                    return;
                }

                if (message.Failure.Length > 0)
                {
                    journal.Failed(action.ActionId);
                    await ReportAsync(action, TouchpointType.MessageFailed, message.Failure, journal, cancellation);
                    status.Count(tenant, action.Channel, message.Failure);
                    return;
                }

                var sendFrom = DateTimeOffset.Parse(message.SendFrom, System.Globalization.CultureInfo.InvariantCulture);
                if (sendFrom > DateTimeOffset.Parse(message.RenderedAt, System.Globalization.CultureInfo.InvariantCulture))
                {
                    // Quiet hours, a Sunday or a holiday began before this message could go: it waits, and says so.
                    logger.LogInformation("{ActionId} ({Channel}) waits until {SendFrom}: quiet hours, a Sunday or a public holiday", action.ActionId, action.Channel, message.SendFrom);
                    status.Waiting(tenant, +1);
                    try
                    {
                        await engine.WaitUntilAsync(sendFrom, () => _cancelled.ContainsKey(action.ActionId), cancellation);
                    }
                    finally
                    {
                        status.Waiting(tenant, -1);
                    }

                    continue;
                }
            }
            catch (RpcException exception) when (!cancellation.IsCancellationRequested)
            {
                logger.LogWarning("Rendering {ActionId} failed ({Status}); trying again in {Delay}", action.ActionId, exception.StatusCode, backoff);
                await Delay(backoff, cancellation);
                backoff = Next(backoff);
                continue;
            }

            var result = await sender.SendAsync(message, cancellation);
            switch (result.Outcome)
            {
                case SendOutcome.Sent:
                    journal.Sent(action.ActionId);
                    if (handovers is not null && message.Kind == ActionKind.HandoverToCollection)
                    {
                        await UntilDoneAsync(() => handovers.HandoverAsync(message, cancellation), action.ActionId, cancellation);
                    }

                    await ReportAsync(action, TouchpointType.MessageSent, null, journal, cancellation, DateTimeOffset.Parse(message.RenderedAt, System.Globalization.CultureInfo.InvariantCulture));
                    status.Count(tenant, action.Channel, "sent");
                    return;
                case SendOutcome.Rejected:
                    journal.Failed(action.ActionId);
                    await ReportAsync(action, TouchpointType.MessageFailed, result.Reason, journal, cancellation);
                    status.Count(tenant, action.Channel, "rejected");
                    return;
                default:
                    logger.LogWarning("Sending {ActionId} ({Channel}) failed for now: {Reason}; trying again in {Delay}", action.ActionId, action.Channel, result.Reason, backoff);
                    await Delay(backoff, cancellation);
                    backoff = Next(backoff);
                    break;
            }
        }
    }

    private async Task UntilDoneAsync(Func<Task<SendResult>> send, string actionId, CancellationToken cancellation)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while ((await send()) is { Outcome: SendOutcome.Retry } result)
        {
            logger.LogWarning("The handover webhook of {ActionId} failed for now: {Reason}", actionId, result.Reason);
            await Delay(backoff, cancellation);
            backoff = Next(backoff);
        }
    }

    /// <summary>Reports the action's fate, at <paramref name="at"/> (the engine's clock just before sending) or, when not known, the engine's clock now.</summary>
    private async Task ReportAsync(Api.V1.Action action, TouchpointType type, string? reason, DeliveryJournal journal, CancellationToken cancellation, DateTimeOffset? at = null)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                var when = at ?? await engine.NowAsync(cancellation);
                await engine.ReportAsync(tenant, action.CustomerId, action.ActionId, type, action.Channel, when, reason, cancellation);
                journal.Reported(action.ActionId);
                return;
            }
            catch (RpcException exception) when (!cancellation.IsCancellationRequested && exception.StatusCode != StatusCode.InvalidArgument)
            {
                logger.LogWarning("Reporting {ActionId} failed ({Status}); trying again in {Delay}", action.ActionId, exception.StatusCode, backoff);
                await Delay(backoff, cancellation);
                backoff = Next(backoff);
            }
        }
    }

    private static TimeSpan Next(TimeSpan backoff) => backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;

    private static async Task Delay(TimeSpan delay, CancellationToken cancellation)
    {
        try
        {
            await Task.Delay(delay, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }
}

/// <summary>Messages a second per tenant and channel (<c>Connectors:RateLimits</c>): a token bucket whose queue never refuses, so a burst slows and nothing drops.</summary>
public sealed class RateLimits(ConnectorOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<(string, Channel), RateLimiter?> _limiters = new();

    public async ValueTask<IDisposable> AcquireAsync(string tenant, Channel channel, CancellationToken cancellation)
    {
        var limiter = _limiters.GetOrAdd((tenant, channel), key => Create(key.Item2));
        return limiter is null ? NoLease.Instance : await limiter.AcquireAsync(1, cancellation);
    }

    private RateLimiter? Create(Channel channel)
    {
        var name = channel.ToString().ToUpperInvariant();
        if (!options.RateLimits.TryGetValue(name, out var rate) || rate <= 0)
        {
            return null;
        }

        var (period, tokens) = rate >= 10 ? (TimeSpan.FromMilliseconds(100), Math.Max(1, (int)Math.Round(rate / 10))) : (TimeSpan.FromSeconds(1 / rate), 1);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter?.Dispose();
        }
    }

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}
