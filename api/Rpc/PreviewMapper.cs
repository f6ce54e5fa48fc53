using Journey.Abstractions.Preview;
using Journey.Api.Reading;
using Journey.Api.Wire;

namespace Journey.Api.Rpc;

public static class PreviewMapper
{
    public static V1.PolicyPreview ToMessage(PreviewReport report, int first, string? after)
    {
        var message = PreviewWire.Report.ToMessage(report);
        (message.Current, message.Draft) = (ToMessage(report.Current), ToMessage(report.Draft));
        message.Cases.AddRange(PolicyPreviewService.Page(report, first, after).Select(PreviewWire.CaseDifference.ToMessage));
        return message;
    }

    private static V1.PreviewTotals ToMessage(PreviewTotals totals)
    {
        var message = PreviewWire.Totals.ToMessage(totals);
        message.ContactsByKindAndChannel.Add(totals.ContactsByKindAndChannel);
        message.CasesReaching.Add(totals.CasesReaching);
        return message;
    }
}
