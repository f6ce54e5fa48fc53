using System.Collections.Immutable;
using GraphQL;
using GraphQL.Types;
using Journey.Api.Reading;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Replay;
using Journey.Abstractions.Preview;

namespace Journey.Api.GraphQL;

public sealed class PolicyPreviewGraphType : ObjectGraphType<PreviewReport>
{
    public PolicyPreviewGraphType()
    {
        Name = "PolicyPreview";
        Description = "A replay of the tenant's recorded history under the current policy and a draft, side by side. Poll it with policyPreview(tenant, id).";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => PolicyPreviewService.IdOf(c.Source));
        Field<NonNullGraphType<EnumerationGraphType<PreviewStatus>>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("from").Resolve(c => IsoTime.Format(c.Source.Request.From));
        Field<NonNullGraphType<StringGraphType>>("to").Resolve(c => IsoTime.Format(c.Source.Request.To));
        Field<FloatGraphType>("sample").Description("The fraction of customers replayed; null: all.").Resolve(c => c.Source.Request.Sample);
        Field<NonNullGraphType<IntGraphType>>("currentPolicyVersion").Resolve(c => c.Source.CurrentPolicyVersion);
        Field<NonNullGraphType<IntGraphType>>("customersListed").Description("Customers chosen so far (the directory is walked as the preview goes).").Resolve(c => (int)c.Source.CustomersListed);
        Field<NonNullGraphType<IntGraphType>>("customersReplayed").Resolve(c => (int)c.Source.CustomersReplayed);
        Field<NonNullGraphType<IntGraphType>>("touchpointsReplayed").Resolve(c => (int)c.Source.TouchpointsReplayed);
        Field<NonNullGraphType<StringGraphType>>("startedAt").Resolve(c => IsoTime.Format(c.Source.StartedAt));
        Field<StringGraphType>("finishedAt").Resolve(c => c.Source.FinishedAt is { } at ? IsoTime.Format(at) : null);
        Field<StringGraphType>("error").Resolve(c => c.Source.Error);
        Field<NonNullGraphType<PreviewTotalsGraphType>>("current").Description("Within the window, under the policy in force.").Resolve(c => c.Source.Current);
        Field<NonNullGraphType<PreviewTotalsGraphType>>("draft").Description("Within the window, had the draft been in force from `from`.").Resolve(c => c.Source.Draft);
        Field<NonNullGraphType<PreviewTotalsGraphType>>("difference").Description("draft − current.").Resolve(c => Difference(c.Source.Draft, c.Source.Current));
        Field<NonNullGraphType<IntGraphType>>("casesChanged").Description("Cases whose contacts would differ (exact, also past the kept differences).").Resolve(c => (int)c.Source.CasesChanged);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CaseDifferenceGraphType>>>>("cases")
            .Description("A page of case differences by customer and case id. `after`: the `cursor` of the last one of the previous page.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .Resolve(c => PolicyPreviewService.Page(c.Source, c.GetArgument("first", 100), c.GetArgument<string?>("after")).ToList());
    }

    private static PreviewTotals Difference(PreviewTotals draft, PreviewTotals current)
    {
        static ImmutableDictionary<string, long> Minus(ImmutableDictionary<string, long> a, ImmutableDictionary<string, long> b) =>
            a.Keys.Union(b.Keys).Select(k => (Key: k, Value: a.GetValueOrDefault(k) - b.GetValueOrDefault(k))).Where(p => p.Value != 0).ToImmutableDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new PreviewTotals(
            draft.Contacts - current.Contacts,
            Minus(draft.ContactsByKindAndChannel, current.ContactsByKindAndChannel),
            Minus(draft.CasesReaching, current.CasesReaching),
            draft.Handovers - current.Handovers,
            draft.DeferredByQuietHours - current.DeferredByQuietHours,
            draft.DeferredByBudget - current.DeferredByBudget,
            draft.HoldsHonoured - current.HoldsHonoured,
            draft.Suppressed - current.Suppressed,
            draft.CaseContacts - current.CaseContacts);
    }
}

public sealed class PreviewTotalsGraphType : ObjectGraphType<PreviewTotals>
{
    public PreviewTotalsGraphType()
    {
        Name = "PreviewTotals";
        Field<NonNullGraphType<IntGraphType>>("contacts").Description("Contacts dispatched within the window.").Resolve(c => (int)c.Source.Contacts);
        Field<NonNullGraphType<IntGraphType>>("caseContacts")
            .Description("Contacts counted once per case they speak for (a bundle of three counts three): `caseContacts − contacts` is what bundling saved.")
            .Resolve(c => (int)c.Source.CaseContacts);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KindChannelCountGraphType>>>>("contactsByKindAndChannel")
            .Resolve(c => c.Source.ContactsByKindAndChannel.OrderBy(p => p.Key, StringComparer.Ordinal).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StageCountGraphType>>>>("casesReaching")
            .Description("Cases that reached each dunning stage within the window.")
            .Resolve(c => c.Source.CasesReaching.OrderBy(p => p.Key, StringComparer.Ordinal).ToList());
        Field<NonNullGraphType<IntGraphType>>("handovers").Resolve(c => (int)c.Source.Handovers);
        Field<NonNullGraphType<IntGraphType>>("deferredByQuietHours").Resolve(c => (int)c.Source.DeferredByQuietHours);
        Field<NonNullGraphType<IntGraphType>>("deferredByBudget").Resolve(c => (int)c.Source.DeferredByBudget);
        Field<NonNullGraphType<IntGraphType>>("holdsHonoured").Description("Steps withheld because of a complaint or dispute.").Resolve(c => (int)c.Source.HoldsHonoured);
        Field<NonNullGraphType<IntGraphType>>("suppressed").Description("Steps withheld for any reason.").Resolve(c => (int)c.Source.Suppressed);
    }
}

public sealed class KindChannelCountGraphType : ObjectGraphType<KeyValuePair<string, long>>
{
    public KindChannelCountGraphType()
    {
        Name = "KindChannelCount";
        Field<NonNullGraphType<EnumerationGraphType<ActionKind>>>("kind").Resolve(c => Enum.Parse<ActionKind>(c.Source.Key.Split('/')[0]));
        Field<NonNullGraphType<EnumerationGraphType<Channel>>>("channel").Resolve(c => Enum.Parse<Channel>(c.Source.Key.Split('/')[1]));
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => (int)c.Source.Value);
    }
}

public sealed class StageCountGraphType : ObjectGraphType<KeyValuePair<string, long>>
{
    public StageCountGraphType()
    {
        Name = "StageCount";
        Field<NonNullGraphType<EnumerationGraphType<CaseStage>>>("stage").Resolve(c => Enum.Parse<CaseStage>(c.Source.Key));
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => (int)c.Source.Value);
    }
}

public sealed class CaseDifferenceGraphType : ObjectGraphType<CaseDifference>
{
    public CaseDifferenceGraphType()
    {
        Name = "CaseDifference";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => PolicyPreviewService.Cursor(c.Source));
        Field<NonNullGraphType<StringGraphType>>("customerId").Resolve(c => c.Source.CustomerId);
        Field<StringGraphType>("caseId").Resolve(c => c.Source.CaseId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactChangeGraphType>>>>("changes").Resolve(c => c.Source.Changes);
    }
}

public sealed class ContactChangeGraphType : ObjectGraphType<ContactChange>
{
    public ContactChangeGraphType()
    {
        Name = "ContactChange";
        Field<NonNullGraphType<EnumerationGraphType<ContactChangeKind>>>("change").Description("ADDED: only the draft sends it; REMOVED: only the current policy did; CHANGED: both, at another moment, channel or kind.").Resolve(c => c.Source.Change);
        Field<StringGraphType>("stepId").Resolve(c => c.Source.StepId);
        Field<NonNullGraphType<EnumerationGraphType<ActionKind>>>("kind").Resolve(c => c.Source.Kind);
        Field<EnumerationGraphType<Channel>>("currentChannel").Resolve(c => c.Source.CurrentChannel);
        Field<EnumerationGraphType<Channel>>("draftChannel").Resolve(c => c.Source.DraftChannel);
        Field<StringGraphType>("currentAt").Resolve(c => c.Source.CurrentAt is { } at ? IsoTime.Format(at) : null);
        Field<StringGraphType>("draftAt").Resolve(c => c.Source.DraftAt is { } at ? IsoTime.Format(at) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("reasons").Description("The draft's reasons: why it sends the contact, or why it withheld it.").Resolve(c => c.Source.Reasons);
    }
}
