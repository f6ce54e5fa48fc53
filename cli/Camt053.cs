using System.Globalization;
using System.Numerics;
using System.Xml.Linq;

namespace Journey.Cli;

/// <summary>One booked credit (or its reversal) of a bank statement, with what identifies it and what it says it pays.</summary>
public sealed record StatementEntry(
    string Key,
    bool Reversal,
    decimal Amount,
    string Currency,
    DateOnly BookedOn,
    string? StructuredReference,
    string RemittanceText,
    string? Debtor);

/// <summary>
/// ISO 20022 bank-to-customer statements (camt.053.001.02 and later: elements are read by their local names, so every
/// version's namespace works). Credits become entries, one per transaction; a reversed credit (<c>RvslInd</c> true) is an
/// entry marked as the reversal of the credit with the same key. Debits that are not reversals are not payments and are
/// skipped. The key is the transaction's end-to-end id, else the bank's reference, so a statement read twice (or two
/// statements overlapping) names the same payments.
/// </summary>
public static class Camt053
{
    public static IReadOnlyList<StatementEntry> Read(TextReader text)
    {
        var document = XDocument.Load(text);
        var entries = new List<StatementEntry>();
        foreach (var (entry, entryIndex) in document.Descendants().Where(e => e.Name.LocalName == "Ntry").Select((e, i) => (e, i)))
        {
            var reversal = string.Equals(Child(entry, "RvslInd")?.Value, "true", StringComparison.OrdinalIgnoreCase);
            var credit = Child(entry, "CdtDbtInd")?.Value == "CRDT";
            if (!credit && !reversal)
            {
                continue;
            }

            var entryAmount = Child(entry, "Amt");
            var bookedOn = DateOnly.Parse((Path(entry, "BookgDt", "Dt") ?? Path(entry, "BookgDt", "DtTm") ?? Path(entry, "ValDt", "Dt"))!.Value[..10], CultureInfo.InvariantCulture);
            var entryReference = Child(entry, "AcctSvcrRef")?.Value ?? Child(entry, "NtryRef")?.Value ?? $"entry-{entryIndex}";
            var transactions = entry.Descendants().Where(e => e.Name.LocalName == "TxDtls").ToList();
            if (transactions.Count == 0)
            {
                transactions.Add(entry);
            }

            foreach (var (transaction, index) in transactions.Select((t, i) => (t, i)))
            {
                var amount = transaction == entry ? entryAmount : Path(transaction, "AmtDtls", "TxAmt", "Amt") ?? Child(transaction, "Amt") ?? entryAmount;
                var endToEnd = Path(transaction, "Refs", "EndToEndId")?.Value;
                var key = endToEnd is { Length: > 0 } and not "NOTPROVIDED" ? endToEnd
                    : Path(transaction, "Refs", "AcctSvcrRef")?.Value ?? (transactions.Count == 1 ? entryReference : $"{entryReference}-{index}");
                var remittance = transaction.Descendants().FirstOrDefault(e => e.Name.LocalName == "RmtInf");
                entries.Add(new StatementEntry(
                    key,
                    reversal,
                    decimal.Parse(amount!.Value, CultureInfo.InvariantCulture),
                    amount.Attribute("Ccy")?.Value ?? "EUR",
                    bookedOn,
                    remittance?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Ref" && e.Parent?.Name.LocalName == "CdtrRefInf")?.Value.Trim(),
                    string.Join(" ", remittance?.Elements().Where(e => e.Name.LocalName == "Ustrd").Select(e => e.Value.Trim()) ?? []),
                    transaction.Descendants().FirstOrDefault(e => e.Name.LocalName == "Nm" && e.Parent?.Name.LocalName is "Dbtr" or "Pty")?.Value));
            }
        }

        return entries;
    }

    /// <summary>
    /// The reference inside a structured creditor reference (ISO 11649 <c>RF</c> + two check digits + up to 21 letters and
    /// digits), when its check digits hold; null for anything else.
    /// </summary>
    public static string? CreditorReference(string? text)
    {
        var reference = text?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (reference is not { Length: >= 5 and <= 25 } || !reference.StartsWith("RF", StringComparison.Ordinal) || !reference.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var rearranged = reference[4..] + reference[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        return BigInteger.Parse(digits, CultureInfo.InvariantCulture) % 97 == 1 ? reference[4..] : null;
    }

    /// <summary>The structured creditor reference of an invoice number's letters and digits (what a tenant prints on its invoices).</summary>
    public static string CreditorReferenceOf(string reference)
    {
        var body = OpenCases.Compact(reference);
        var digits = string.Concat((body + "RF00").Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        var check = 98 - (int)(BigInteger.Parse(digits, CultureInfo.InvariantCulture) % 97);
        return $"RF{check:D2}{body}";
    }

    private static XElement? Child(XElement element, string name) => element.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static XElement? Path(XElement element, params string[] names)
    {
        XElement? current = element;
        foreach (var name in names)
        {
            current = current is null ? null : Child(current, name);
        }

        return current;
    }
}
