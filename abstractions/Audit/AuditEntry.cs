namespace Journey.Abstractions.Audit;

/// <summary>
/// One audited action: when (wall clock), who (the token's subject), what was done and to what. A line
/// that names a customer carries the id apart (<see cref="CustomerId"/>), so that erasing the customer
/// takes the id out of the line and leaves the line.
/// </summary>
[GenerateSerializer, Immutable, Alias("journey.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string Action,
    [property: Id(4)] string Subject,
    [property: Id(5)] string? CustomerId);
