namespace Journey.Domain;

/// <summary>Bounds of what a customer keeps in state; everything past them is archived, not dropped.</summary>
public sealed record JourneySettings
{
    /// <summary>Touchpoints kept in the customer's state (newest by occurredAt).</summary>
    public int TimelineBound { get; init; } = 200;

    /// <summary>Touchpoints moved to the archive at once, so the archive is written once per chunk.</summary>
    public int ArchiveChunk { get; init; } = 50;

    /// <summary>Event ids of archived touchpoints still remembered for dedupe.</summary>
    public int ArchivedDedupeWindow { get; init; } = 2_000;

    /// <summary>Outbound contacts kept for the contact log and contact budget.</summary>
    public int ContactLogBound { get; init; } = 100;

    public static JourneySettings Default { get; } = new();
}
