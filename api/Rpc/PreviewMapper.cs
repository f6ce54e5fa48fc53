using Journey.Api.Reading;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Replay;
using Journey.Abstractions.Preview;

namespace Journey.Api.Rpc;

public static class PreviewMapper
{
    public static V1.PolicyPreview ToMessage(PreviewReport report, int first, string? after)
    {
        var message = new V1.PolicyPreview
        {
            Id = PolicyPreviewService.IdOf(report),
            Status = report.Status.ToString(),
            From = IsoTime.Format(report.Request.From),
            To = IsoTime.Format(report.Request.To),
            CurrentPolicyVersion = report.CurrentPolicyVersion,
            CustomersListed = report.CustomersListed,
            CustomersReplayed = report.CustomersReplayed,
            TouchpointsReplayed = report.TouchpointsReplayed,
            Current = ToMessage(report.Current),
            Draft = ToMessage(report.Draft),
            CasesChanged = report.CasesChanged,
            StartedAt = IsoTime.Format(report.StartedAt),
            FinishedAt = report.FinishedAt is { } at ? IsoTime.Format(at) : "",
            Error = report.Error ?? "",
        };
        if (report.Request.Sample is { } sample)
        {
            message.Sample = sample;
        }

        message.Cases.AddRange(PolicyPreviewService.Page(report, first, after).Select(ToMessage));
        return message;
    }

    private static V1.PreviewTotals ToMessage(PreviewTotals totals)
    {
        var message = new V1.PreviewTotals
        {
            Contacts = totals.Contacts,
            Handovers = totals.Handovers,
            DeferredByQuietHours = totals.DeferredByQuietHours,
            DeferredByBudget = totals.DeferredByBudget,
            HoldsHonoured = totals.HoldsHonoured,
            Suppressed = totals.Suppressed,
            CaseContacts = totals.CaseContacts,
        };
        message.ContactsByKindAndChannel.Add(totals.ContactsByKindAndChannel);
        message.CasesReaching.Add(totals.CasesReaching);
        return message;
    }

    private static V1.CaseDifference ToMessage(CaseDifference difference)
    {
        var message = new V1.CaseDifference { Cursor = PolicyPreviewService.Cursor(difference), CustomerId = difference.CustomerId, CaseId = difference.CaseId ?? "" };
        message.Changes.AddRange(difference.Changes.Select(change =>
        {
            var item = new V1.ContactChange
            {
                Change = change.Change.ToString(),
                StepId = change.StepId ?? "",
                Kind = EnumMap<ActionKind, V1.ActionKind>.ToProto(change.Kind),
                CurrentChannel = change.CurrentChannel is { } current ? EnumMap<Channel, V1.Channel>.ToProto(current) : V1.Channel.Unspecified,
                DraftChannel = change.DraftChannel is { } drafted ? EnumMap<Channel, V1.Channel>.ToProto(drafted) : V1.Channel.Unspecified,
                CurrentAt = change.CurrentAt is { } was ? IsoTime.Format(was) : "",
                DraftAt = change.DraftAt is { } would ? IsoTime.Format(would) : "",
            };
            item.Reasons.AddRange(change.Reasons);
            return item;
        }));
        return message;
    }
}
