using Journey.Domain.Policies;
using Journey.Domain.Replay;

namespace Journey.Abstractions.Preview;

[GenerateSerializer, Alias("journey.PreviewStatus")]
public enum PreviewStatus
{
    RUNNING,
    COMPLETED,
    CANCELLED,
    FAILED,
}
