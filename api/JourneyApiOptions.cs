using Journey.Domain;

namespace Journey.Api;

public sealed class JourneyApiOptions
{
    public TouchpointLimits Limits { get; set; } = TouchpointLimits.Default;

    /// <summary>Touchpoint batches this silo sends to grains at once, over all connections; beyond it ingest answers RESOURCE_EXHAUSTED / 429.</summary>
    public int SiloInFlightLimit { get; set; } = 4096;

    /// <summary>How long a call waits for room under <see cref="SiloInFlightLimit"/> before it is refused.</summary>
    public TimeSpan OverloadWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Concurrent GraphQL HTTP requests per silo; beyond it HTTP 429.</summary>
    public int GraphQLConcurrencyLimit { get; set; } = 512;

    /// <summary>Touchpoints of one PushStream call that may be in flight at once.</summary>
    public int StreamInFlightLimit { get; set; } = 2048;

    /// <summary>Touchpoints of one customer sent to its grain in one call (one persisted write).</summary>
    public int StreamBatchLimit { get; set; } = 64;

    /// <summary>Largest encoded touchpoint accepted, in bytes; a larger one is INVALID_ARGUMENT on field "touchpoint".</summary>
    public int MaxTouchpointBytes { get; set; } = 64 * 1024;

    /// <summary>Largest gRPC message the transport reads at all; beyond it gRPC answers RESOURCE_EXHAUSTED.</summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How often WatchActions looks for newly dispatched actions when it has nothing to send.</summary>
    public TimeSpan ActionPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A WebSocket client must send connection_init within this time (graphql-transport-ws, close 4408).</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Outgoing messages buffered per WebSocket connection; when full, the oldest are dropped.</summary>
    public int SubscriberBuffer { get; set; } = 256;

    /// <summary>Largest incoming WebSocket message.</summary>
    public int MaxSocketMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Deepest GraphQL query accepted.</summary>
    public int MaxQueryDepth { get; set; } = 15;

    /// <summary>Largest GraphQL query complexity accepted (GraphQL.NET's complexity analysis).</summary>
    public int MaxQueryComplexity { get; set; } = 20_000;

    /// <summary>How long a worklist item taken by an agent stays theirs unless they are done with it first.</summary>
    public TimeSpan WorklistLease { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Timeline entries returned when a caller does not say how many.</summary>
    public int DefaultTimelinePage { get; set; } = 50;

    /// <summary>
    /// Origins of other front-ends (scheme, host and port, e.g. <c>https://desk.example</c>) whose
    /// browsers may call /graphql across origins; none by default, so browsers keep it same-origin.
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Why a configured origin cannot be used, or null when all can.</summary>
    public string? CorsProblem() =>
        CorsOrigins.FirstOrDefault(origin => !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || origin.EndsWith('/') || !string.IsNullOrEmpty(uri.UserInfo)) is { } bad
            ? $"Journey:Api:CorsOrigins: '{bad}' is not an origin (scheme://host[:port], no path)"
            : null;
}
