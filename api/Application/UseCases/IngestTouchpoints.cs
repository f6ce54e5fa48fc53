using System.Collections.Immutable;
using System.Security.Claims;
using Journey.Abstractions;
using Journey.Api.Ingest;
using Journey.Api.Security;
using Journey.Domain;

namespace Journey.Api.Application.UseCases;

/// <summary>What became of one touchpoint of a stream, in the caller's order (each API writes it as its own message).</summary>
public enum StreamAnswerKind
{
    Accepted,
    Duplicate,
    Rejected,
    Unavailable,
}

/// <summary>
/// The answer to one streamed touchpoint: its place in the stream, its event id, what became of it, the customer's
/// version it made or found, and for a refusal the status code (INVALID_ARGUMENT, PERMISSION_DENIED, UNAVAILABLE,
/// RESOURCE_EXHAUSTED) with the fields at fault.
/// </summary>
public readonly record struct StreamAnswer(long Sequence, string EventId, StreamAnswerKind Kind, long Version, string Code, string? Message, ImmutableArray<FieldError> Errors);

/// <summary>A touchpoint as it came off a stream, with its size on the wire.</summary>
public readonly record struct StreamedTouchpoint(RawTouchpoint Raw, int WireBytes);

/// <summary>
/// Touchpoint ingest, the one use case for a single touchpoint (gRPC Push, GraphQL recordTouchpoint) and a stream
/// (gRPC PushStream): the caller's right to ingest for the touchpoint's tenant, its size, the parser's checks, then
/// the customer grain through the silo's ingest gateway — the same for both. A stream runs one lane per customer
/// (<see cref="CustomerLanes{TAck}"/>): a customer's touchpoints are answered in stream order, consecutive ones go to
/// its grain as one batch, and a bad item is answered with its error while the stream goes on. Admission is done
/// here item by item rather than by the <see cref="UseCasePipeline"/> pipeline, because it is on the ack path: the same
/// access rule, without a request object per touchpoint.
/// </summary>
public sealed class IngestTouchpoints(IngestGateway ingest, TenantAccess access, JourneyApiOptions options)
{
    /// <summary>Records one touchpoint and answers once its effect is durable.</summary>
    /// <exception cref="InvalidInputException">The touchpoint is invalid or was rejected by its customer.</exception>
    /// <exception cref="OverloadedException">The silo is at its in-flight limit.</exception>
    public async Task<IngestOutcome> RecordAsync(ClaimsPrincipal? caller, RawTouchpoint raw, int wireBytes = 0)
    {
        access.Demand(caller, raw.Tenant, Permission.Ingest);
        var parsed = Parse(raw, wireBytes);
        if (parsed.Touchpoint is not { } touchpoint)
        {
            throw new InvalidInputException(parsed.Errors);
        }

        var outcome = await ingest.IngestAsync(touchpoint);
        return outcome.Status == IngestStatus.Rejected ? throw new InvalidInputException(outcome.Errors) : outcome;
    }

    /// <summary>
    /// Ingests a stream, calling <paramref name="answer"/> once per touchpoint (in each customer's order; customers
    /// interleave). Returns when every touchpoint read has been answered.
    /// </summary>
    /// <exception cref="RefusedException">The caller may not ingest at all (checked before the first item is read).</exception>
    public async Task StreamAsync(ClaimsPrincipal? caller, IAsyncEnumerable<StreamedTouchpoint> touchpoints, Func<StreamAnswer, ValueTask> answer, CancellationToken cancellationToken)
    {
        access.Demand(caller, null, Permission.Ingest);
        var lanes = new CustomerLanes<StreamAnswer>(ingest, Acknowledge, Unavailable, answer, options.StreamInFlightLimit, options.StreamBatchLimit);
        long sequence = 0;
        await foreach (var (raw, wireBytes) in touchpoints.WithCancellation(cancellationToken))
        {
            await lanes.EnqueueAsync(GrainKeys.Of(raw.Tenant ?? "", raw.CustomerId ?? ""), Admit(caller, raw, wireBytes, sequence), cancellationToken);
            sequence++;
        }

        await lanes.CompleteAsync(cancellationToken);
    }

    /// <summary>The stream's item: its touchpoint when admitted, else the answer that refuses it.</summary>
    private LaneItem<StreamAnswer> Admit(ClaimsPrincipal? caller, RawTouchpoint raw, int wireBytes, long sequence)
    {
        var (verdict, reason) = access.Check(caller, raw.Tenant, Permission.Ingest);
        if (verdict != AccessVerdict.Allowed)
        {
            return new(sequence, null, Rejected(sequence, raw.EventId ?? "", [new FieldError("tenant", reason)], "PERMISSION_DENIED"));
        }

        var parsed = Parse(raw, wireBytes);
        return parsed.Touchpoint is { } touchpoint
            ? new(sequence, touchpoint, default)
            : new(sequence, null, Rejected(sequence, raw.EventId ?? "", parsed.Errors, "INVALID_ARGUMENT"));
    }

    private ParseResult Parse(RawTouchpoint raw, int wireBytes) =>
        wireBytes > options.MaxTouchpointBytes
            ? new ParseResult(null, [new FieldError("touchpoint", $"is {wireBytes} bytes; at most {options.MaxTouchpointBytes} are accepted")])
            : ingest.Parse(raw);

    private static StreamAnswer Acknowledge(LaneItem<StreamAnswer> item, IngestOutcome outcome) => outcome.Status switch
    {
        IngestStatus.Rejected => Rejected(item.Sequence, outcome.EventId, outcome.Errors, "INVALID_ARGUMENT"),
        IngestStatus.Duplicate => new(item.Sequence, outcome.EventId, StreamAnswerKind.Duplicate, outcome.Version, "OK", null, []),
        _ => new(item.Sequence, outcome.EventId, StreamAnswerKind.Accepted, outcome.Version, "OK", null, []),
    };

    private static StreamAnswer Unavailable(LaneItem<StreamAnswer> item, Exception exception) =>
        new(item.Sequence, item.Touchpoint?.EventId ?? "", StreamAnswerKind.Unavailable, 0, exception is OverloadedException ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE",
            $"not acknowledged, retry with the same eventId: {exception.Message}", []);

    private static StreamAnswer Rejected(long sequence, string eventId, ImmutableArray<FieldError> errors, string code) =>
        new(sequence, eventId, StreamAnswerKind.Rejected, 0, code, string.Join("; ", errors), errors);
}
