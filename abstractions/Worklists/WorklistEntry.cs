using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

/// <summary>An item as the worklist shows it at a moment: its kind then, and its lease (the last one, held or run out).</summary>
[GenerateSerializer, Immutable, Alias("journey.WorklistEntry")]
public sealed record WorklistEntry([property: Id(0)] WorklistItem Item, [property: Id(1)] WorklistKind Kind, [property: Id(2)] WorklistLease? Lease);
