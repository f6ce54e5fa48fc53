using Journey.Abstractions.Worklists;
using Journey.Domain;
using V1 = Journey.Api.V1;

namespace Journey.Api.Wire;

/// <summary>A worklist item with its last lease, as both APIs serve it.</summary>
public static class WorklistWire
{
    public static readonly WireType<WorklistEntry, V1.WorklistItem> Item = new WireType<WorklistEntry, V1.WorklistItem>("WorklistItem")
        .Text("itemId", e => e.Item.ItemId, required: true)
        .Choice("kind", e => e.Kind, description: "What it asks now (a promise whose day has passed is BROKEN_PROMISE).")
        .Text("customerId", e => e.Item.CustomerId, required: true)
        .Text("caseId", e => e.Item.CaseId)
        .Time("since", e => e.Item.Since, description: "When it became due (holds, call tasks).")
        .Day("promisedFor", e => e.Item.PromisedFor, description: "A promise's date.")
        .Money("amountDue", e => e.Item.AmountDue, required: true, description: "Open on what the item is about.")
        .Text("detail", e => e.Item.Detail, required: true, description: "The step, the hold's reason, the promise.")
        .Text("takenBy", e => e.Lease?.Agent, description: "Who took it last (the lease may have run out).")
        .Time("takenAt", e => e.Lease?.TakenAt)
        .Time("leasedUntil", e => e.Lease?.Until);
}
