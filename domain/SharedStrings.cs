using System.Collections.Frozen;

namespace Journey.Domain;

/// <summary>
/// One instance of the strings that recur in every touchpoint (attribute names, common values,
/// currencies), so a resident customer does not hold its own copy of each. Unknown strings pass
/// through unchanged: nothing grows with the input.
/// </summary>
public static class SharedStrings
{
    private static readonly FrozenDictionary<string, string> Known = new[]
    {
        "debtorType", "reason", "reference", "flag", "value", "granted", "score", "outcome", "nonPaymentReason", "expectedAmount", "withholding",
        "CONSUMER", "BUSINESS", "VULNERABLE", "INSOLVENCY", "DECEASED", "true", "false",
        "EUR", "USD", "GBP", "CHF", "SEK", "DKK", "NOK", "PLN",
    }.ToFrozenDictionary(s => s, s => s, StringComparer.Ordinal);

    public static string Share(string value) => Known.TryGetValue(value, out var shared) ? shared : value;
}
