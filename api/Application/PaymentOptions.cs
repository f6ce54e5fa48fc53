using Journey.Messages;

namespace Journey.Api.Application;

/// <summary>
/// Payment links per tenant (<c>Journey:Payments:Tenants:{tenant}:Url</c>, <c>:Secret</c>, <c>:ValidDays</c>) and how
/// old a provider's callback may be (<c>Journey:Payments:ReplayWindow</c>, default five minutes). A tenant without
/// an entry gets messages without a link, and its callbacks are refused.
/// </summary>
public sealed class PaymentOptions
{
    public const string Section = "Journey:Payments";
    public const string TimestampHeader = "Journey-Timestamp";
    public const string SignatureHeader = "Journey-Signature";

    public Dictionary<string, TenantPayment> Tenants { get; set; } = new(StringComparer.Ordinal);

    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    public PaymentLinkSettings? For(string tenant) =>
        Tenants.TryGetValue(tenant, out var payment) && payment.Url is { } url && payment.Secret is { } secret
            ? new PaymentLinkSettings(url, secret, payment.ValidDays)
            : null;

    public IEnumerable<string> Problems()
    {
        foreach (var (tenant, payment) in Tenants)
        {
            if (payment.Url is not { } url || !url.Contains("{token}", StringComparison.Ordinal)
                || !Uri.TryCreate(url.Replace("{token}", "t", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                yield return $"{Section}:Tenants:{tenant}:Url must be an http(s) URL containing {{token}}";
            }

            if (payment.Secret is not { Length: >= 16 })
            {
                yield return $"{Section}:Tenants:{tenant}:Secret must be at least 16 characters";
            }

            if (payment.ValidDays is < 1 or > 366)
            {
                yield return $"{Section}:Tenants:{tenant}:ValidDays must be 1 to 366";
            }
        }

        if (ReplayWindow <= TimeSpan.Zero || ReplayWindow > TimeSpan.FromHours(1))
        {
            yield return $"{Section}:ReplayWindow must be longer than zero and at most an hour";
        }
    }
}

public sealed class TenantPayment
{
    public string? Url { get; set; }
    public string? Secret { get; set; }
    public int ValidDays { get; set; } = 14;
}
