using System.Globalization;
using System.Text.Json;
using Journey.Domain;

namespace Journey.Grains.Queue;

/// <summary>
/// A queue message's text: one touchpoint as UTF-8 JSON with GraphQL <c>TouchpointInput</c>'s field names and enum values
/// (<c>{"eventId":"…","tenant":"webshop","customerId":"anna","type":"INVOICE_ISSUED","amount":59.95,…}</c>), read into the
/// same raw touchpoint the APIs build, so the one parser validates it as it validates a pushed one.
/// </summary>
public static class QueueMessages
{
    private static readonly string[] Strings = ["eventId", "tenant", "customerId", "caseId", "type", "occurredAt", "channel", "team", "currency", "dueDate", "actionId"];

    public static (RawTouchpoint? Raw, FieldError? Error) Read(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return (null, new FieldError("body", $"is not JSON: {exception.Message}"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, new FieldError("body", "a touchpoint is a JSON object with TouchpointInput's fields"));
            }

            var text = new Dictionary<string, string?>(StringComparer.Ordinal);
            RawAmount amount = default;
            List<KeyValuePair<string?, string?>>? attributes = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (Array.IndexOf(Strings, property.Name) >= 0)
                {
                    if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    {
                        return (null, new FieldError(property.Name, "must be a string"));
                    }

                    text[property.Name] = property.Value.GetString();
                }
                else if (property.Name == "amount")
                {
                    amount = property.Value.ValueKind switch
                    {
                        JsonValueKind.Number when property.Value.TryGetDecimal(out var value) => RawAmount.Of(value),
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null => default,
                        _ => "not a number",
                    };
                }
                else if (property.Name == "attributes")
                {
                    if (property.Value.ValueKind != JsonValueKind.Array)
                    {
                        return (null, new FieldError("attributes", "must be a list of {key, value}"));
                    }

                    attributes = [];
                    foreach (var (attribute, index) in property.Value.EnumerateArray().Select((a, i) => (a, i)))
                    {
                        if (attribute.ValueKind != JsonValueKind.Object || !attribute.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String
                            || !attribute.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
                        {
                            return (null, new FieldError($"attributes[{index}]", "must be {\"key\": string, \"value\": string}"));
                        }

                        attributes.Add(new(key.GetString(), value.GetString()));
                    }
                }
                else
                {
                    return (null, new FieldError(property.Name, "is not a field of TouchpointInput"));
                }
            }

            string? Get(string name) => text.GetValueOrDefault(name);
            return (new RawTouchpoint(Get("eventId"), Get("tenant"), Get("customerId"), Get("caseId"), Get("type"), Get("occurredAt"), Get("channel"), Get("team"),
                amount, Get("currency"), Get("dueDate"), Get("actionId"), attributes), null);
        }
    }

    /// <summary>The customer a message names (tenant and customerId as non-empty strings), without validating the rest; null when it names none.</summary>
    public static (string Tenant, string CustomerId)? CustomerOf(string body)
    {
        var (raw, _) = Read(body);
        return raw is { Tenant: { Length: > 0 } tenant, CustomerId: { Length: > 0 } customer } && TouchpointParser.IsValidTenant(tenant) ? (tenant, customer) : null;
    }

    /// <summary>The poison queue's message: the original body and every error, with when it was refused.</summary>
    public static string Poison(string body, IEnumerable<FieldError> errors, DateTimeOffset at) => JsonSerializer.Serialize(new
    {
        body,
        errors = errors.Select(e => new { field = e.Field, message = e.Message }),
        refusedAt = at.ToString("O", CultureInfo.InvariantCulture),
    }, Readable);

    // The poison queue is read by people: quotes and accents stay as they are.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
