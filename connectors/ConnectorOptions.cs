using Journey.Domain;

namespace Journey.Connectors;

/// <summary>
/// The connectors' settings (section <c>Connectors</c>; <c>Connectors__Smtp__Host=…</c> or <c>--Connectors:Smtp:Host=…</c>),
/// checked at start: a wrong value stops the process with the key named.
/// </summary>
public sealed class ConnectorOptions
{
    public const string Section = "Connectors";

    /// <summary>The gRPC URL of a silo or API host.</summary>
    public string Grpc { get; set; } = "http://127.0.0.1:5081";

    /// <summary>The tenants whose actions these connectors deliver, comma-separated.</summary>
    public string Tenants { get; set; } = "";

    /// <summary>A bearer token (roles ingest and read) when the engine checks tokens.</summary>
    public string? Token { get; set; }

    /// <summary>Where each tenant's cursor and delivery journal are kept (what was sent survives a restart).</summary>
    public string State { get; set; } = "connector-state";

    /// <summary>Deliveries in progress at once per tenant (a message waiting for quiet hours to end holds one).</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>The HTTP port of the SMS provider's delivery receipts (<c>POST /sms/receipts</c>); 0 turns it off.</summary>
    public int HttpPort { get; set; } = 5090;

    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Messages a second per channel and tenant (EMAIL, SMS, LETTER, APP, WEB, CHAT); a channel not named is not limited. Never drops: the intake slows.</summary>
    public Dictionary<string, double> RateLimits { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often the engine's clock is asked while a message waits for quiet hours to end on a simulated clock.</summary>
    public TimeSpan ClockPoll { get; set; } = TimeSpan.FromMilliseconds(500);

    public SmtpSettings Smtp { get; set; } = new();
    public LetterSettings Letters { get; set; } = new();
    public SmsSettings Sms { get; set; } = new();
    public WebhookSettings Webhooks { get; set; } = new();

    /// <summary>The embedded default of a silo: every message written to this folder instead of sent (set by the silo, not by hand).</summary>
    public string? Outbox { get; set; }

    public IReadOnlyList<string> TenantList() => [.. Tenants.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(Grpc, UriKind.Absolute, out var grpc) || grpc.Scheme is not ("http" or "https"))
        {
            yield return $"{Section}:Grpc must be an http(s) URL, e.g. http://127.0.0.1:5081";
        }

        if (TenantList().Count == 0 && Outbox is null)
        {
            yield return $"{Section}:Tenants must name at least one tenant (comma-separated)";
        }

        foreach (var tenant in TenantList().Where(t => !TouchpointParser.IsValidTenant(t)))
        {
            yield return $"{Section}:Tenants names '{tenant}', which is not a tenant id";
        }

        if (Concurrency is < 1 or > 256)
        {
            yield return $"{Section}:Concurrency must be 1 to 256";
        }

        if (HttpPort is < 0 or > 65535)
        {
            yield return $"{Section}:HttpPort must be a port (0 turns receipts off)";
        }

        foreach (var (channel, rate) in RateLimits)
        {
            if (!Enum.TryParse<Channel>(channel, ignoreCase: true, out _))
            {
                yield return $"{Section}:RateLimits:{channel} is not a channel ({string.Join(", ", Enum.GetNames<Channel>())})";
            }
            else if (rate <= 0)
            {
                yield return $"{Section}:RateLimits:{channel} must be more than zero messages a second";
            }
        }

        if (Outbox is null)
        {
            if (Smtp.Host is null && Letters.Folder is null && Sms.Url is null && Webhooks.Url is null)
            {
                yield return $"{Section}: configure at least one of Smtp:Host, Letters:Folder, Sms:Url, Webhooks:Url";
            }

            if (Smtp.Port is < 1 or > 65535)
            {
                yield return $"{Section}:Smtp:Port must be a port";
            }

            if (Sms.Url is { } sms && !Uri.TryCreate(sms, UriKind.Absolute, out _))
            {
                yield return $"{Section}:Sms:Url must be an absolute URL";
            }

            if (Webhooks.Url is { } hook && !Uri.TryCreate(hook, UriKind.Absolute, out _))
            {
                yield return $"{Section}:Webhooks:Url must be an absolute URL";
            }

            if (Webhooks.Url is not null && Webhooks.Secret is not { Length: >= 16 })
            {
                yield return $"{Section}:Webhooks:Secret must be at least 16 characters when Webhooks:Url is set";
            }

            if (Sms.Url is not null && Sms.Secret is not { Length: >= 16 })
            {
                yield return $"{Section}:Sms:Secret must be at least 16 characters when Sms:Url is set (it signs the delivery receipts)";
            }
        }
    }
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;

    /// <summary>The address messages come from; the display name is the sender the customer sees (the client, or the agency).</summary>
    public string From { get; set; } = "noreply@journey.invalid";
}

public sealed class LetterSettings
{
    /// <summary>The print folder: <c>{Folder}/{tenant}/{actionId}.pdf</c>, and a daily manifest per tenant.</summary>
    public string? Folder { get; set; }
}

public sealed class SmsSettings
{
    /// <summary>The provider's send endpoint (POST, JSON; docs/connectors.md).</summary>
    public string? Url { get; set; }

    /// <summary>Signs the provider's delivery receipts.</summary>
    public string? Secret { get; set; }
}

public sealed class WebhookSettings
{
    /// <summary>The tenant's endpoint for APP, WEB and CHAT messages and for handovers (POST, signed JSON).</summary>
    public string? Url { get; set; }

    public string? Secret { get; set; }
}
