using System.Collections.Immutable;
using Journey.Domain;
using Journey.Grains;

namespace Journey.Api.Ingest;

/// <summary>Sends validated touchpoints to the customer grain that owns them.</summary>
public sealed class IngestGateway(IGrainFactory grains, JourneyApiOptions options)
{
    public TouchpointLimits Limits => options.Limits;

    public ParseResult Parse(RawTouchpoint raw) => TouchpointParser.Parse(raw, options.Limits);

    /// <summary>One customer's touchpoints, in order; one persisted write for the batch.</summary>
    public Task<ImmutableArray<IngestOutcome>> IngestAsync(ImmutableArray<Touchpoint> sameCustomerBatch)
    {
        var first = sameCustomerBatch[0];
        return grains.GetGrain<ICustomerGrain>(GrainKeys.Of(first.Tenant, first.CustomerId)).Ingest(sameCustomerBatch);
    }

    public async Task<IngestOutcome> IngestAsync(Touchpoint touchpoint) => (await IngestAsync([touchpoint]))[0];
}
