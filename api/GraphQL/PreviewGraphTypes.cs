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
    public PolicyPreviewGraphType() => Wire.PreviewWire.Report.AddTo(this, new Dictionary<string, Action<ObjectGraphType<PreviewReport>>>
    {
        ["current"] = type => type.Field<NonNullGraphType<PreviewTotalsGraphType>>("current").Description("Within the window, under the policy in force.").Resolve(c => c.Source.Current),
        ["draft"] = type => type.Field<NonNullGraphType<PreviewTotalsGraphType>>("draft").Description("Within the window, had the draft been in force from `from`.").Resolve(c => c.Source.Draft),
        ["difference"] = type => type.Field<NonNullGraphType<PreviewTotalsGraphType>>("difference").Description("draft − current.").Resolve(c => Difference(c.Source.Draft, c.Source.Current)),
        ["cases"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CaseDifferenceGraphType>>>>("cases")
            .Description("A page of case differences by customer and case id. `after`: the `cursor` of the last one of the previous page.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .Resolve(c => PolicyPreviewService.Page(c.Source, c.GetArgument("first", 100), c.GetArgument<string?>("after")).ToList()),
    });

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
    public PreviewTotalsGraphType() => Wire.PreviewWire.Totals.AddTo(this, new Dictionary<string, Action<ObjectGraphType<PreviewTotals>>>
    {
        ["contactsByKindAndChannel"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<KindChannelCountGraphType>>>>("contactsByKindAndChannel")
            .Resolve(c => c.Source.ContactsByKindAndChannel.OrderBy(p => p.Key, StringComparer.Ordinal).ToList()),
        ["casesReaching"] = type => type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StageCountGraphType>>>>("casesReaching")
            .Description("Cases that reached each dunning stage within the window.")
            .Resolve(c => c.Source.CasesReaching.OrderBy(p => p.Key, StringComparer.Ordinal).ToList()),
    });
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
    public CaseDifferenceGraphType() => Wire.PreviewWire.CaseDifference.AddTo(this);
}

public sealed class ContactChangeGraphType : ObjectGraphType<ContactChange>
{
    public ContactChangeGraphType() => Wire.PreviewWire.ContactChange.AddTo(this);
}
