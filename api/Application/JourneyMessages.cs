using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Journey.Api.Ingest;
using Journey.Api.Reading;
using Journey.Api.Security;
using Journey.Domain;
using Journey.Domain.Rules;
using Journey.Abstractions;
using Journey.Abstractions.Messages;
using Journey.Abstractions.Policies;
using Journey.Messages;

namespace Journey.Api.Application;

/// <summary>
/// The messages actions become: compose an action's message exactly as the connectors send it (the RenderMessage
/// use case previews it the same way), and turn a payment provider's signed callback for a payment link into a payment.
/// </summary>
public sealed class JourneyMessages(
    JourneyReader reader,
    IGrainFactory grains,
    IngestGateway ingest,
    BusinessClock clock,
    PaymentOptions payments,
    TimeProvider wallClock)
{
    private readonly ConcurrentDictionary<(string Tenant, int Version), TemplateSet> _parsed = new();

    public async Task<OutgoingMessage> ComposeAsync(CustomerState customer, OutboundAction action)
    {
        var policy = await reader.PolicyOfAsync(customer.Tenant);
        var own = await SetOf(customer.Tenant);
        var fallback = customer.Tenant == PolicyTenants.Default ? null : await SetOf(PolicyTenants.Default);
        return MessageComposer.Compose(customer, action, policy, own, fallback, payments.For(customer.Tenant), clock.Now);
    }

    /// <summary>
    /// A payment provider reports a paid link: checked (the tenant's secret signed the body with this timestamp,
    /// within the replay window; the link's own signature and expiry), then recorded as PAYMENT_RECEIVED with the
    /// provider's payment id as eventId. A repeat of a recorded payment is refused as a replay and changes nothing.
    /// </summary>
    public async Task<PaymentCallbackResult> PaymentCallbackAsync(string tenant, string? timestamp, string? signature, string body)
    {
        if (payments.For(tenant) is not { } settings)
        {
            return PaymentCallbackResult.Refused(404, "unknown-tenant", $"no payment links are configured for tenant '{tenant}'");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return PaymentCallbackResult.Refused(400, "timestamp", $"the {PaymentOptions.TimestampHeader} header must be unix seconds");
        }

        if (!PaymentLinks.VerifyCallback(settings.Secret, timestamp!, body, signature))
        {
            return PaymentCallbackResult.Refused(401, "signature", $"the {PaymentOptions.SignatureHeader} header does not sign this body and timestamp");
        }

        var age = wallClock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > payments.ReplayWindow)
        {
            return PaymentCallbackResult.Refused(401, "timestamp", $"the callback is {age.TotalSeconds:0} s old; at most {payments.ReplayWindow.TotalSeconds:0} s are accepted");
        }

        PaymentCallback? callback;
        try
        {
            callback = JsonSerializer.Deserialize<PaymentCallback>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException exception)
        {
            return PaymentCallbackResult.Refused(400, "body", $"not a payment callback: {exception.Message}");
        }

        if (callback is null || string.IsNullOrWhiteSpace(callback.PaymentId) || string.IsNullOrWhiteSpace(callback.Token))
        {
            return PaymentCallbackResult.Refused(400, "body", "paymentId and token are required");
        }

        var (claims, problem) = PaymentLinks.Read(callback.Token, settings.Secret);
        if (claims is null || claims.Tenant != tenant)
        {
            return PaymentCallbackResult.Refused(400, "token", problem ?? "the link is for another tenant");
        }

        var (_, today) = await reader.TenantTodayAsync(tenant);
        if (today > claims.ExpiresOn)
        {
            return PaymentCallbackResult.Refused(410, "token", $"the link expired on {claims.ExpiresOn:yyyy-MM-dd}");
        }

        var amount = callback.Amount ?? claims.Amount;
        var paidAt = callback.PaidAt ?? clock.Now;
        var raw = new RawTouchpoint(
            callback.PaymentId, tenant, claims.CustomerId, claims.CaseIds.Length == 1 ? claims.CaseIds[0] : null,
            RawEnum.Of<TouchpointType>(TouchpointType.PAYMENT_RECEIVED), IsoTime.Format(paidAt), RawEnum.Of<Channel>(Channel.WEB), default,
            RawAmount.Of(amount), callback.Currency ?? claims.Currency, null, null,
            [new KeyValuePair<string?, string?>("paymentLink", claims.ActionId)]);
        var parsed = ingest.Parse(raw);
        if (parsed.Touchpoint is not { } touchpoint)
        {
            return PaymentCallbackResult.Refused(400, parsed.Errors[0].Field, parsed.Errors[0].Message);
        }

        var outcome = await ingest.IngestAsync(touchpoint);
        return outcome.Status switch
        {
            IngestStatus.Duplicate => PaymentCallbackResult.Refused(409, "paymentId", $"payment '{callback.PaymentId}' was recorded already: a replay changes nothing"),
            IngestStatus.Rejected => PaymentCallbackResult.Refused(400, outcome.Errors[0].Field, outcome.Errors[0].Message),
            _ => new PaymentCallbackResult(200, null, null, claims.CustomerId, outcome.Version),
        };
    }

    private async Task<TemplateSet?> SetOf(string tenant)
    {
        if (await grains.GetGrain<ITenantTemplatesGrain>(tenant).GetOwn() is not { } version)
        {
            return null;
        }

        return _parsed.GetOrAdd((tenant, version.Version), _ => TemplateSet.Parse(version.Document).Set
            ?? throw new InvalidOperationException($"stored templates of {tenant} version {version.Version} no longer parse"));
    }
}

/// <summary>A payment provider's callback body (JSON): its own payment id, the link's token, what was paid and when.</summary>
public sealed record PaymentCallback(string PaymentId, string Token, decimal? Amount, string? Currency, DateTimeOffset? PaidAt);

/// <summary>How a callback was answered: the HTTP status, and for a refusal the part that was wrong and why.</summary>
public sealed record PaymentCallbackResult(int Status, string? Field, string? Error, string? CustomerId, long? Version)
{
    public static PaymentCallbackResult Refused(int status, string field, string error) => new(status, field, error, null, null);
}
