using Microsoft.AspNetCore.Http;

namespace Journey.Api.Application;

/// <summary>
/// <c>POST /payments/{tenant}/callback</c>: a payment provider reports a paid link (docs/messages.md). Answers 200 with the
/// customer's version, or 4xx with <c>{ "error", "field" }</c>: 401 for a signature or timestamp that does not hold,
/// 400 for a malformed body or a changed link, 410 for an expired link, 409 for a payment already recorded.
/// </summary>
public static class PaymentCallbackEndpoint
{
    private const int MaxBody = 16 * 1024;

    public static async Task HandleAsync(HttpContext http, string tenant, JourneyMessages messages)
    {
        if (http.Request.ContentLength is > MaxBody)
        {
            await Write(http, PaymentCallbackResult.Refused(StatusCodes.Status413PayloadTooLarge, "body", $"at most {MaxBody} bytes"));
            return;
        }

        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        var result = await messages.PaymentCallbackAsync(tenant, http.Request.Headers[PaymentOptions.TimestampHeader], http.Request.Headers[PaymentOptions.SignatureHeader], body);
        await Write(http, result);
    }

    private static Task Write(HttpContext http, PaymentCallbackResult result)
    {
        http.Response.StatusCode = result.Status;
        return result.Status == StatusCodes.Status200OK
            ? http.Response.WriteAsJsonAsync(new { accepted = true, customerId = result.CustomerId, version = result.Version })
            : http.Response.WriteAsJsonAsync(new { error = result.Error, field = result.Field });
    }
}
