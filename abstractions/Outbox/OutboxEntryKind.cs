using Journey.Domain.Rules;

namespace Journey.Abstractions.Outbox;

[GenerateSerializer, Alias("journey.OutboxEntryKind")]
public enum OutboxEntryKind
{
    Dispatch = 0,

    /// <summary>An action already dispatched was cancelled (e.g. a payment arrived): the connector should not send it.</summary>
    Cancel = 1,
}
