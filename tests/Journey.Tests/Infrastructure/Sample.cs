using Journey.Domain;

namespace Journey.Tests.Infrastructure;

/// <summary>Touchpoints for tests, each customer with a unique id so tests never share state.</summary>
public static class Sample
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(1));

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static Touchpoint Touchpoint(
        string customerId,
        TouchpointType type,
        string? caseId = null,
        decimal? amount = null,
        DateOnly? dueDate = null,
        string? eventId = null,
        DateTimeOffset? at = null,
        string tenant = "webshop",
        params (string Key, string Value)[] attributes) =>
        new(eventId ?? NewId("e"), tenant, customerId, caseId, type, at ?? Start, null, null, amount, amount is null ? null : "EUR", dueDate, null,
            [.. attributes.Select(a => new TouchpointAttribute(a.Key, a.Value))]);

    /// <summary>A webshop touchpoint as a backend pushes it over gRPC, with the event id {customer}-{suffix}.</summary>
    public static Journey.Api.V1.Touchpoint Pushed(string customer, string suffix, Journey.Api.V1.TouchpointType type, Journey.Api.V1.Channel channel = Journey.Api.V1.Channel.Unspecified) => new()
    {
        EventId = $"{customer}-{suffix}",
        Tenant = "webshop",
        CustomerId = customer,
        Type = type,
        OccurredAt = "2026-03-02T10:00:00+01:00",
        Channel = channel,
    };
}
