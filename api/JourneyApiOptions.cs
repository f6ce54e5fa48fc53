using Journey.Domain;

namespace Journey.Api;

public sealed class JourneyApiOptions
{
    public TouchpointLimits Limits { get; set; } = TouchpointLimits.Default;

    /// <summary>Touchpoints of one PushStream call that may be in flight at once.</summary>
    public int StreamInFlightLimit { get; set; } = 2048;

    /// <summary>Touchpoints of one customer sent to its grain in one call (one persisted write).</summary>
    public int StreamBatchLimit { get; set; } = 64;

    /// <summary>Largest gRPC message accepted, in bytes.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Timeline entries returned when a caller does not say how many.</summary>
    public int DefaultTimelinePage { get; set; } = 50;
}
