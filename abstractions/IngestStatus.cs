using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions;

[GenerateSerializer, Alias("journey.IngestStatus")]
public enum IngestStatus
{
    Accepted = 0,
    Duplicate = 1,
    Rejected = 2,
}
