using System.Globalization;
using System.Text.Json;
using Journey.Api.V1;
using Journey.Messages;

namespace Journey.Connectors;

/// <summary>
/// <c>POST /sms/receipts</c>: the SMS provider's signed delivery receipt (<c>{ reference, status: DELIVERED|FAILED, reason, at }</c>,
/// headers <c>Journey-Timestamp</c> and <c>Journey-Signature</c> with <c>Connectors:Sms:Secret</c>), reported to the engine as
/// MESSAGE_DELIVERED or MESSAGE_FAILED. A bad signature or an old timestamp is refused with 401 and changes nothing.
/// </summary>
public static class SmsReceipts
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public sealed record Receipt(string Reference, string Status, string? Reason, DateTimeOffset? At);

    /// <summary>The provider's reference of a message: the tenant and the action id.</summary>
    public static string Reference(string tenant, string actionId) => $"{tenant}|{actionId}";

    public static async Task<IResult> HandleAsync(HttpContext http, ConnectorService connectors, ConnectorOptions options)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        var timestamp = http.Request.Headers["Journey-Timestamp"].ToString();
        if (options.Sms.Secret is not { } secret || !PaymentLinks.VerifyCallback(secret, timestamp, body, http.Request.Headers["Journey-Signature"]))
        {
            return Results.Json(new { error = "the Journey-Signature header does not sign this body and timestamp", field = "signature" }, statusCode: 401);
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Window)
        {
            return Results.Json(new { error = "the receipt's timestamp is outside the replay window", field = "timestamp" }, statusCode: 401);
        }

        Receipt? receipt;
        try
        {
            receipt = JsonSerializer.Deserialize<Receipt>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException exception)
        {
            return Results.Json(new { error = exception.Message, field = "body" }, statusCode: 400);
        }

        var parts = receipt?.Reference?.Split('|', 2);
        if (receipt is null || parts is not [var tenant, var actionId] || actionId.LastIndexOf("/a", StringComparison.Ordinal) is not > 0 and var slash)
        {
            return Results.Json(new { error = "reference must be {tenant}|{actionId} as sent", field = "reference" }, statusCode: 400);
        }

        var type = receipt.Status.ToUpperInvariant() switch
        {
            "DELIVERED" => TouchpointType.MessageDelivered,
            "FAILED" => TouchpointType.MessageFailed,
            _ => TouchpointType.Unspecified,
        };
        if (type == TouchpointType.Unspecified)
        {
            return Results.Json(new { error = "status must be DELIVERED or FAILED", field = "status" }, statusCode: 400);
        }

        var customerId = actionId[..actionId.LastIndexOf("/a", StringComparison.Ordinal)];
        var at = receipt.At ?? await connectors.Engine.NowAsync(http.RequestAborted);
        await connectors.Engine.ReportAsync(tenant, customerId, actionId, type, Channel.Sms, at, type == TouchpointType.MessageFailed ? receipt.Reason ?? "undeliverable" : null, http.RequestAborted);
        return Results.Json(new { accepted = true });
    }
}
