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
        if (!await _inFlight.WaitAsync(options.OverloadWait))
        {
            throw new OverloadedException();
        }

        try
        {
            var first = sameCustomerBatch[0];
            using var span = JourneyMetrics.Tracing.StartActivity("journey.ingest");
            span?.SetTag("journey.tenant", first.Tenant);
            span?.SetTag("journey.batch", sameCustomerBatch.Length);
            return await grains.Customer(first.Tenant, first.CustomerId).Ingest(sameCustomerBatch);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    public async Task<IngestOutcome> IngestAsync(Touchpoint touchpoint) => (await IngestAsync([touchpoint]))[0];
}
