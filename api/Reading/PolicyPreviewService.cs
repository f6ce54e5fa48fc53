using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Replay;
using Journey.Abstractions.Preview;

namespace Journey.Api.Reading;

/// <summary>
/// Starts, reads and cancels policy previews for the application layer, which has checked the caller
/// and the tenant; the preview's own arguments (period, sample, draft, id) are checked here.
/// </summary>
public sealed class PolicyPreviewService(IGrainFactory grains)
{
    public sealed record Started(PreviewReport? Report, IReadOnlyList<FieldError> Errors, IReadOnlyList<PolicyError> PolicyErrors);

    public async Task<Started> StartAsync(string tenant, string document, string? from, string? to, double? sample)
    {
        var errors = new List<FieldError>();
        var start = Instant("from", from, errors);
        var end = Instant("to", to, errors);
        if (start is { } a && end is { } b && b <= a)
        {
            errors.Add(new FieldError("to", "must be after from"));
        }

        if (sample is { } fraction && (double.IsNaN(fraction) || fraction <= 0 || fraction > 1))
        {
            errors.Add(new FieldError("sample", "must be a fraction of customers in (0, 1]"));
        }

        var parsed = PolicyParser.Parse(tenant, document);
        if (errors.Count > 0 || parsed.Policy is null)
        {
            return new Started(null, errors, parsed.Errors);
        }

        var id = Guid.NewGuid().ToString("N");
        var report = await grains.GetGrain<IPolicyPreviewGrain>(PolicyPreviews.Key(tenant, id))
            .Start(new PreviewRequest(tenant, document, start!.Value, end!.Value, sample is >= 1 ? null : sample));
        return new Started(report, [], []);
    }

    /// <summary>The preview's id as the APIs show it (its grain key without the tenant).</summary>
    public static string IdOf(PreviewReport report) => report.Id[(report.Id.IndexOf('/') + 1)..];

    /// <summary>Where a case difference stands in the report's order (customer, then case); pages continue after one.</summary>
    public static string Cursor(CaseDifference difference) => $"{difference.CustomerId}\u001f{difference.CaseId}";

    /// <summary>Up to <paramref name="first"/> (at most 1,000) case differences after the <paramref name="after"/> cursor.</summary>
    public static IEnumerable<CaseDifference> Page(PreviewReport report, int first, string? after) =>
        report.Differences.Where(d => after is null || string.CompareOrdinal(Cursor(d), after) > 0).Take(Math.Clamp(first, 0, 1_000));

    public Task<PreviewReport?> ReportAsync(string tenant, string id) => Grain(tenant, id)?.Report() ?? Task.FromResult<PreviewReport?>(null);

    public Task<PreviewReport?> CancelAsync(string tenant, string id) => Grain(tenant, id)?.Cancel() ?? Task.FromResult<PreviewReport?>(null);

    private IPolicyPreviewGrain? Grain(string tenant, string id) =>
        id.Length is > 0 and <= 64 && id.All(char.IsAsciiLetterOrDigit)
            ? grains.GetGrain<IPolicyPreviewGrain>(PolicyPreviews.Key(tenant, id))
            : null;

    private static DateTimeOffset? Instant(string field, string? text, List<FieldError> errors)
    {
        if (text is not null && IsoTime.TryParseInstant(text, out var at))
        {
            return at;
        }

        errors.Add(new FieldError(field, "must be an ISO-8601 time with an offset"));
        return null;
    }
}
