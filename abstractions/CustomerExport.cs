using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions;

/// <summary>Everything held about a customer: the state (timeline, cases, holds, contacts, actions with their reasons) and the archived timeline.</summary>
[GenerateSerializer, Immutable, Alias("journey.CustomerExport")]
public sealed record CustomerExport(
    [property: Id(0)] CustomerState State,
    [property: Id(1)] ImmutableArray<Touchpoint> ArchivedTimeline,
    [property: Id(2)] ImmutableArray<OutboundAction> DecisionLog = default);
