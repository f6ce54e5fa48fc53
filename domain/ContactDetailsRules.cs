using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Journey.Domain;

/// <summary>
/// CONTACT_DETAILS_CHANGED: each attribute present replaces that detail of the customer, an empty value
/// removes it, and absent ones stay. A change that occurred before the details in force is ignored, so
/// late deliveries never overwrite newer details.
/// </summary>
public static partial class ContactDetailsRules
{
    private static readonly string[] Keys =
    [
        AttributeKeys.Name, AttributeKeys.Email, AttributeKeys.Phone, AttributeKeys.AddressLines,
        AttributeKeys.PostalCode, AttributeKeys.City, AttributeKeys.Country, AttributeKeys.Language,
    ];

    internal static void Check(ImmutableArray<TouchpointAttribute> attributes, ref FieldErrors errors)
    {
        var any = false;
        for (var index = 0; index < attributes.Length; index++)
        {
            var (key, value) = (attributes[index].Key, attributes[index].Value);
            if (Array.IndexOf(Keys, key) < 0)
            {
                continue;
            }

            any = true;
            if (value.Length == 0)
            {
                continue;
            }

            var problem = key switch
            {
                AttributeKeys.Name => value.Length > 200 || value.Contains('\n') ? "must be one line of at most 200 characters" : null,
                AttributeKeys.Email => value.Length > 254 || !Email().IsMatch(value) ? "must be an e-mail address (name@domain)" : null,
                AttributeKeys.Phone => !Phone().IsMatch(value) ? "must be an E.164 number: + and 8 to 15 digits, e.g. +31612345678" : null,
                AttributeKeys.AddressLines => AddressProblem(value),
                AttributeKeys.PostalCode => value.Length > 16 || !PostalCode().IsMatch(value) ? "must be a postal code of letters, digits and spaces (at most 16)" : null,
                AttributeKeys.City => value.Length > 100 || value.Contains('\n') ? "must be one line of at most 100 characters" : null,
                AttributeKeys.Country => !CountryCodes.IsKnown(value) ? "must be an ISO 3166-1 alpha-2 country code, e.g. NL" : null,
                AttributeKeys.Language => !ContactDetails.Languages.Contains(value) ? $"must be one of {string.Join(", ", ContactDetails.Languages)}" : null,
                _ => null,
            };
            if (problem is not null)
            {
                errors.Add(new($"attributes[{index}].value", $"'{key}' {problem}"));
            }
        }

        if (!any)
        {
            errors.Add(new("attributes", $"CONTACT_DETAILS_CHANGED names at least one of {string.Join(", ", Keys)}"));
        }
    }

    public static CustomerState Change(CustomerState state, Touchpoint tp)
    {
        var current = state.Contact ?? new ContactDetails();
        if (state.Contact is not null && tp.OccurredAt < current.ChangedAt)
        {
            return state;
        }

        string? Next(string key, string? was) => tp.Attribute(key) is { } value ? (value.Length == 0 ? null : value) : was;
        var lines = tp.Attribute(AttributeKeys.AddressLines) is { } text
            ? [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)]
            : current.AddressLines;
        return state with
        {
            Contact = current with
            {
                Name = Next(AttributeKeys.Name, current.Name),
                Email = Next(AttributeKeys.Email, current.Email),
                Phone = Next(AttributeKeys.Phone, current.Phone),
                AddressLines = lines,
                PostalCode = Next(AttributeKeys.PostalCode, current.PostalCode),
                City = Next(AttributeKeys.City, current.City),
                Country = Next(AttributeKeys.Country, current.Country)?.ToUpperInvariant(),
                Language = Next(AttributeKeys.Language, current.Language),
                ChangedAt = tp.OccurredAt,
            },
        };
    }

    private static string? AddressProblem(string value)
    {
        var lines = value.Split('\n');
        return lines.Length > 4 || lines.Any(l => l.Length > 80) ? "must be at most 4 lines (joined by \\n) of at most 80 characters" : null;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 -]*$")]
    private static partial Regex PostalCode();
}
