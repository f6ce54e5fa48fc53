using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Journey.Api.V1;
using NodaTime;

namespace Journey.Cli;

/// <summary>One open item of a ledger file: an invoice of a customer, with what is open and when it fell due.</summary>
public sealed record OpenItem(int Line, string Customer, string Invoice, decimal Amount, string Currency, DateOnly Issued, DateOnly Due, string? DebtorType,
    string? Name, string? Email, string? Phone, string? Language);

/// <summary>A line that could not be read: its line number in the file, the column, and what is wrong.</summary>
public sealed record LineError(int Line, string Field, string Message);

/// <summary>
/// The open-items CSV (header <c>customer,invoice,amount,currency,issued,due,debtorType</c> and optionally
/// <c>name,email,phone,language</c>; dates ISO-8601, amounts with a dot), read line by line with every column checked, and the
/// touchpoints an item becomes, with event ids made from the file's own keys so that a rerun changes nothing.
/// </summary>
public static class OpenItems
{
    public static readonly string[] Required = ["customer", "invoice", "amount", "currency", "issued", "due", "debtorType"];
    public static readonly string[] Optional = ["name", "email", "phone", "language"];

    public static IEnumerable<(OpenItem? Item, LineError? Error)> Read(TextReader text)
    {
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, DetectDelimiter = false, BadDataFound = null, MissingFieldFound = null });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            yield return (null, new LineError(1, "header", $"the file has no header; it needs {string.Join(",", Required)}"));
            yield break;
        }

        var missing = Required.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            yield return (null, new LineError(1, "header", $"missing column(s) {string.Join(", ", missing)}; the header needs {string.Join(",", Required)} (and may have {string.Join(",", Optional)})"));
            yield break;
        }

        var optional = Optional.Where(c => header.Contains(c, StringComparer.Ordinal)).ToHashSet();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            string Field(string name) => csv.GetField(name) ?? "";
            string? OptionalField(string name) => optional.Contains(name) && Field(name) is { Length: > 0 } value ? value : null;
            yield return Parse(line, Field("customer"), Field("invoice"), Field("amount"), Field("currency"), Field("issued"), Field("due"), Field("debtorType"),
                OptionalField("name"), OptionalField("email"), OptionalField("phone"), OptionalField("language"));
        }
    }

    private static (OpenItem?, LineError?) Parse(int line, string customer, string invoice, string amount, string currency, string issued, string due, string debtorType,
        string? name, string? email, string? phone, string? language)
    {
        if (customer.Length == 0)
        {
            return (null, new LineError(line, "customer", "is empty"));
        }

        if (invoice.Length == 0)
        {
            return (null, new LineError(line, "invoice", "is empty"));
        }

        if (!decimal.TryParse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return (null, new LineError(line, "amount", $"'{amount}' is not an amount greater than zero with a dot for decimals (59.95)"));
        }

        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            return (null, new LineError(line, "currency", $"'{currency}' is not an ISO 4217 code (EUR)"));
        }

        if (!DateOnly.TryParseExact(issued, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var issuedOn))
        {
            return (null, new LineError(line, "issued", $"'{issued}' is not an ISO-8601 date (2026-03-01)"));
        }

        if (!DateOnly.TryParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dueOn))
        {
            return (null, new LineError(line, "due", $"'{due}' is not an ISO-8601 date (2026-03-15)"));
        }

        if (debtorType.Length > 0 && debtorType is not ("CONSUMER" or "BUSINESS"))
        {
            return (null, new LineError(line, "debtorType", $"'{debtorType}' is not CONSUMER or BUSINESS"));
        }

        return (new OpenItem(line, customer, invoice, value, currency, issuedOn, dueOn, debtorType.Length == 0 ? null : debtorType, name, email, phone, language), null);
    }

    /// <summary>
    /// The touchpoints of an item: its contact details when the file has any (event id from the customer and the details, so
    /// changed details in a later file are a new change), and the invoice (event id from the invoice number).
    /// </summary>
    public static IEnumerable<Touchpoint> Touchpoints(string tenant, OpenItem item, DateTimeZone zone)
    {
        var issued = LocalDate.FromDateOnly(item.Issued).AtStartOfDayInZone(zone).ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var details = new[] { ("name", item.Name), ("email", item.Email), ("phone", item.Phone), ("language", item.Language) }.Where(d => d.Item2 is not null).ToList();
        if (details.Count > 0)
        {
            var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", details.Select(d => $"{d.Item1}={d.Item2}")))))[..16];
            var contact = new Touchpoint { EventId = $"import:{item.Customer}:contact:{fingerprint}", Tenant = tenant, CustomerId = item.Customer, Type = TouchpointType.ContactDetailsChanged, OccurredAt = issued };
            contact.Attributes.AddRange(details.Select(d => new Journey.Api.V1.Attribute { Key = d.Item1, Value = d.Item2! }));
            yield return contact;
        }

        var invoice = new Touchpoint
        {
            EventId = $"import:{item.Invoice}", Tenant = tenant, CustomerId = item.Customer, CaseId = item.Invoice, Type = TouchpointType.InvoiceIssued, OccurredAt = issued,
            Amount = item.Amount.ToString(CultureInfo.InvariantCulture), Currency = item.Currency, DueDate = item.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Team = Team.Billing,
        };
        if (item.DebtorType is { } debtor)
        {
            invoice.Attributes.Add(new Journey.Api.V1.Attribute { Key = "debtorType", Value = debtor });
        }

        yield return invoice;
    }
}
