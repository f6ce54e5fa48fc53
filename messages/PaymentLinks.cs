using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Journey.Messages;

/// <summary>What a payment link names: the customer, the cases and the amount it pays, until when, and the message it came with.</summary>
public sealed record PaymentLinkClaims(
    [property: JsonPropertyName("t")] string Tenant,
    [property: JsonPropertyName("c")] string CustomerId,
    [property: JsonPropertyName("k")] ImmutableArray<string> CaseIds,
    [property: JsonPropertyName("a")] decimal Amount,
    [property: JsonPropertyName("u")] string Currency,
    [property: JsonPropertyName("e")] DateOnly ExpiresOn,
    [property: JsonPropertyName("m")] string ActionId);

/// <summary>
/// Signed payment links and the payment provider's signed callbacks (HMAC-SHA256 with the tenant's secret).
/// A link's token is <c>base64url(claims JSON).base64url(signature)</c>: the provider hands it back with the
/// payment, and nothing in it can be changed without the secret. A callback is signed over
/// <c>{unix timestamp}.{body}</c> and sent with the timestamp, so a captured one cannot be replayed later.
/// </summary>
public static class PaymentLinks
{
    public static string Token(PaymentLinkClaims claims, string secret)
    {
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        return $"{payload}.{Base64Url(Mac(secret, payload))}";
    }

    public static string Url(string template, string token) => template.Replace("{token}", Uri.EscapeDataString(token), StringComparison.Ordinal);

    /// <summary>The claims of a token this secret signed; null with the reason when it is malformed or its signature does not match.</summary>
    public static (PaymentLinkClaims? Claims, string? Problem) Read(string token, string secret)
    {
        var parts = token.Split('.');
        if (parts.Length != 2)
        {
            return (null, "the token is not a payment link's");
        }

        byte[] signature;
        byte[] payload;
        try
        {
            signature = FromBase64Url(parts[1]);
            payload = FromBase64Url(parts[0]);
        }
        catch (FormatException)
        {
            return (null, "the token is not a payment link's");
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Mac(secret, parts[0])))
        {
            return (null, "the token's signature does not match: it was changed or not made here");
        }

        try
        {
            return (JsonSerializer.Deserialize<PaymentLinkClaims>(payload), null);
        }
        catch (JsonException)
        {
            return (null, "the token's claims cannot be read");
        }
    }

    /// <summary>The signature a provider sends with a callback: <c>sha256=</c> and the hex HMAC of <c>{timestamp}.{body}</c>.</summary>
    public static string SignCallback(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(Mac(secret, $"{timestamp}.{body}"));

    public static bool VerifyCallback(string secret, string timestamp, string body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SignCallback(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));

    private static byte[] Mac(string secret, string text) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
