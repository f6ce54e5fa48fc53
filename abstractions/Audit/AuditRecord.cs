namespace Journey.Abstractions.Audit;

/// <summary>What is recorded; the trail numbers and stores it.</summary>
[GenerateSerializer, Immutable, Alias("journey.AuditRecord")]
public sealed record AuditRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string Subject,
    [property: Id(4)] string? CustomerId = null);
