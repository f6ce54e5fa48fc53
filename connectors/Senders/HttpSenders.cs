using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Journey.Api.V1;
using PaymentLinks = Journey.Messages.PaymentLinks;

namespace Journey.Connectors.Senders;

/// <summary>
/// SMS through a provider's HTTP API (docs/connectors.md): <c>POST {Sms:Url}</c> with <c>{ to, text, sender, reference }</c>
/// and the header <c>Idempotency-Key: {tenant}:{actionId}</c>, so that a message sent again after a restart is sent once.
/// The provider's delivery receipts come back to <c>POST /sms/receipts</c> (<see cref="SmsReceipts"/>).
/// </summary>
public sealed class SmsSender(HttpClient http, SmsSettings settings) : IChannelSender
{
    public bool Handles(Channel channel) => channel == Channel.Sms;

    public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellation) =>
        HttpDelivery.PostAsync(http, settings.Url!, null, $"{message.Tenant}:{message.ActionId}", new
        {
            to = message.Recipient.Phone,
            text = message.Text.Trim(),
            sender = message.SenderName,
            reference = SmsReceipts.Reference(message.Tenant, message.ActionId),
        }, cancellation);
}

/// <summary>
/// APP, WEB and CHAT messages, and every handover to an agency, as signed JSON to the tenant's systems:
/// <c>POST {Webhooks:Url}</c> with <c>Journey-Timestamp</c> and <c>Journey-Signature: sha256=HMAC(secret, "{timestamp}.{body}")</c>.
/// </summary>
public sealed class WebhookSender(HttpClient http, WebhookSettings settings) : IChannelSender
{
    public bool Handles(Channel channel) => channel is Channel.App or Channel.Web or Channel.Chat;

    public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellation) => PostAsync("message", message, cancellation);

    /// <summary>Tells the tenant's systems of a handover (besides the letter the customer gets): the agency takes the case from here.</summary>
    public Task<SendResult> HandoverAsync(OutgoingMessage message, CancellationToken cancellation) => PostAsync("handover", message, cancellation);

    private Task<SendResult> PostAsync(string kind, OutgoingMessage message, CancellationToken cancellation) =>
        HttpDelivery.PostAsync(http, settings.Url!, settings.Secret, $"{message.Tenant}:{message.ActionId}:{kind}", Payload(kind, message), cancellation);

    public static object Payload(string kind, OutgoingMessage message) => new
    {
        @event = kind,
        tenant = message.Tenant,
        customerId = message.CustomerId,
        actionId = message.ActionId,
        kind = message.Kind.ToString(),
        channel = message.Channel.ToString(),
        sender = new { name = message.SenderName, wkiNumber = message.WkiNumber },
        recipient = new { name = message.Recipient.Name, email = message.Recipient.Email, phone = message.Recipient.Phone },
        language = message.Language,
        subject = message.Subject,
        text = message.Text,
        paymentUrl = message.PaymentUrl,
    };
}

internal static class HttpDelivery
{
    public static async Task<SendResult> PostAsync(HttpClient http, string url, string? secret, string idempotencyKey, object payload, CancellationToken cancellation)
    {
        var body = JsonSerializer.Serialize(payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (secret is not null)
        {
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add("Journey-Timestamp", timestamp);
            request.Headers.Add("Journey-Signature", PaymentLinks.SignCallback(secret, timestamp, body));
        }

        try
        {
            using var response = await http.SendAsync(request, cancellation);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return SendResult.Done;
            }

            var detail = $"{status} {await response.Content.ReadAsStringAsync(cancellation)}".Trim();
            return status is >= 400 and < 500 and not (int)HttpStatusCode.RequestTimeout and not (int)HttpStatusCode.TooManyRequests
                ? SendResult.Refused($"rejected: {detail[..Math.Min(detail.Length, 200)]}")
                : SendResult.Later(detail);
        }
        catch (HttpRequestException exception)
        {
            return SendResult.Later(exception.Message);
        }
        catch (TaskCanceledException exception) when (!cancellation.IsCancellationRequested)
        {
            return SendResult.Later($"timed out: {exception.Message}");
        }
    }
}
