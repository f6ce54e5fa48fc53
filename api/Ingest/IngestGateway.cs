using System.Collections.Immutable;
using Journey.Domain;
using Journey.Abstractions;

namespace Journey.Api.Ingest;

/// <summary>The silo has as much ingest in flight as it takes; the caller should retry later.</summary>
public sealed class OverloadedException() : Exception("overloaded: too much ingest in flight on this silo; retry with the same eventId");

/// <summary>
/// Sends validated touchpoints to the customer grain that owns them, with a bound on the batches in
/// flight on this silo: when it is reached, a call waits a little and is then refused, so memory
/// stays bounded under a flood and the silo recovers as soon as the flood ebbs.
/// </summary>
public sealed class IngestGateway(IGrainFactory grains, JourneyApiOptions options)
{
    private readonly SemaphoreSlim _inFlight = new(options.SiloInFlightLimit, options.SiloInFlightLimit);

    public TouchpointLimits Limits => options.Limits;

    public ParseResult Parse(RawTouchpoint raw) => TouchpointParser.Parse(raw, options.Limits);

    /// <summary>One customer's touchpoints, in order; one persisted write for the batch.</summary>
    /// <exception cref="OverloadedException">The silo is at its in-flight limit.</exception>
    public async Task<ImmutableArray<IngestOutcome>> IngestAsync(ImmutableArray<Touchpoint> sameCustomerBatch)
    {
        if (!TryEnter() && !await EnterAsync())
        {
            throw new OverloadedException();
        }

        try
        {
            using var span = Span(sameCustomerBatch);
            return await Send(sameCustomerBatch);
        }
        finally
        {
            Exit();
        }
    }

    public async Task<IngestOutcome> IngestAsync(Touchpoint touchpoint) => (await IngestAsync([touchpoint]))[0];

    // The parts of IngestAsync, for a caller that already runs in an async loop of its own (a stream's lane): a
    // touchpoint then costs that loop's await alone, not a second async method around the grain call.

    /// <summary>Takes a slot of the silo's in-flight bound if one is free now (the usual case).</summary>
    public bool TryEnter() => _inFlight.Wait(0);

    /// <summary>Waits up to <c>Journey:Api:OverloadWait</c> for a slot; false when none came.</summary>
    public Task<bool> EnterAsync() => _inFlight.WaitAsync(options.OverloadWait);

    public void Exit() => _inFlight.Release();

    /// <summary>The one grain call of an entered batch.</summary>
    public Task<ImmutableArray<IngestOutcome>> Send(ImmutableArray<Touchpoint> sameCustomerBatch)
    {
        var first = sameCustomerBatch[0];
        return grains.Customer(first.Tenant, first.CustomerId).Ingest(sameCustomerBatch);
    }

    /// <summary>The batch's trace span (null when nothing listens).</summary>
    public static System.Diagnostics.Activity? Span(ImmutableArray<Touchpoint> sameCustomerBatch)
    {
        var span = JourneyMetrics.Tracing.StartActivity("journey.ingest");
        span?.SetTag("journey.tenant", sameCustomerBatch[0].Tenant);
        span?.SetTag("journey.batch", sameCustomerBatch.Length);
        return span;
    }
}
