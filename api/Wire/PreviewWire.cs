using Journey.Abstractions.Preview;
using Journey.Api.GraphQL;
using Journey.Api.Reading;
using Journey.Domain.Replay;
using V1 = Journey.Api.V1;

namespace Journey.Api.Wire;

/// <summary>A policy preview's report, as both APIs serve it (GraphQL <c>previewPolicy</c>/<c>policyPreview</c>, gRPC <c>PreviewPolicy</c>/<c>GetPolicyPreview</c>).</summary>
public static class PreviewWire
{
    public static readonly WireType<ContactChange, V1.ContactChange> ContactChange = new WireType<ContactChange, V1.ContactChange>("ContactChange")
        .Choice("change", c => c.Change, description: "ADDED: only the draft sends it; REMOVED: only the current policy did; CHANGED: both, at another moment, channel or kind.")
        .Text("stepId", c => c.StepId)
        .Choice("kind", c => c.Kind)
        .Choice("currentChannel", c => c.CurrentChannel)
        .Choice("draftChannel", c => c.DraftChannel)
        .Time("currentAt", c => c.CurrentAt)
        .Time("draftAt", c => c.DraftAt)
        .Texts("reasons", c => c.Reasons, description: "The draft's reasons: why it sends the contact, or why it withheld it.");

    public static readonly WireType<CaseDifference, V1.CaseDifference> CaseDifference = new WireType<CaseDifference, V1.CaseDifference>("CaseDifference")
        .Text("cursor", d => PolicyPreviewService.Cursor(d), required: true)
        .Text("customerId", d => d.CustomerId, required: true)
        .Text("caseId", d => d.CaseId)
        .Many<ContactChangeGraphType, ContactChange, V1.ContactChange>("changes", d => d.Changes, () => ContactChange);

    public static readonly WireType<PreviewTotals, V1.PreviewTotals> Totals = new WireType<PreviewTotals, V1.PreviewTotals>("PreviewTotals")
        .Integer("contacts", t => t.Contacts, description: "Contacts dispatched within the window.")
        .Integer("caseContacts", t => t.CaseContacts,
            description: "Contacts counted once per case they speak for (a bundle of three counts three): `caseContacts − contacts` is what bundling saved.")
        .Separately("contactsByKindAndChannel", "contacts_by_kind_and_channel", "a proto map keyed KIND/CHANNEL; in GraphQL a list of kind, channel and count")
        .Separately("casesReaching", "cases_reaching", "a proto map keyed by stage; in GraphQL a list of stage and count")
        .Integer("handovers", t => t.Handovers)
        .Integer("deferredByQuietHours", t => t.DeferredByQuietHours)
        .Integer("deferredByBudget", t => t.DeferredByBudget)
        .Integer("holdsHonoured", t => t.HoldsHonoured, description: "Steps withheld because of a complaint or dispute.")
        .Integer("suppressed", t => t.Suppressed, description: "Steps withheld for any reason.");

    public static readonly WireType<PreviewReport, V1.PolicyPreview> Report = new WireType<PreviewReport, V1.PolicyPreview>("PolicyPreview",
            "A replay of the tenant's recorded history under the current policy and a draft, side by side. Poll it with policyPreview(tenant, id).")
        .Text("id", r => PolicyPreviewService.IdOf(r), required: true)
        .Choice("status", r => r.Status)
        .Time("from", r => r.Request.From, required: true)
        .Time("to", r => r.Request.To, required: true)
        .Number("sample", r => r.Request.Sample, description: "The fraction of customers replayed; null: all.")
        .Integer("currentPolicyVersion", r => r.CurrentPolicyVersion)
        .Integer("customersListed", r => r.CustomersListed, description: "Customers chosen so far (the directory is walked as the preview goes).")
        .Integer("customersReplayed", r => r.CustomersReplayed)
        .Integer("touchpointsReplayed", r => r.TouchpointsReplayed)
        .Time("startedAt", r => r.StartedAt, required: true)
        .Time("finishedAt", r => r.FinishedAt)
        .Text("error", r => r.Error)
        .Separately("current", "current", "the totals' maps are filled per API (see PreviewTotals)")
        .Separately("draft", "draft", "as current")
        .GraphQLOnly("difference", "draft − current worked out for a screen; a backend subtracts the two itself")
        .Integer("casesChanged", r => r.CasesChanged, description: "Cases whose contacts would differ (exact, also past the kept differences).")
        .Separately("cases", "cases", "a page in both: GraphQL's cases(first, after), gRPC's first and after on the request");
}
