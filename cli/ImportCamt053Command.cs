using System.CommandLine;
using System.Globalization;
using Journey.Api.V1;

namespace Journey.Cli;

/// <summary>
/// <c>import-camt053</c>: a bank statement's credits as payments. Each is matched to an open case by its structured creditor
/// reference (RF, check digits verified) or by an invoice number in the remittance text; one that matches no case, or more
/// than one, is listed for a person (<c>--unmatched</c>), never guessed. A reversed credit becomes PAYMENT_REVERSED naming
/// the payment. Event ids come from the statement's own references, so a statement read twice changes nothing.
/// </summary>
public static class ImportCamt053Command
{
    private static readonly Option<string> Unmatched = new("--unmatched") { Description = "Where credits no case matches are listed (CSV)", DefaultValueFactory = _ => "unmatched.csv" };

    public sealed record Summary(int Credits, int Matched, int Recorded, int Unchanged, int Reversals, IReadOnlyList<(StatementEntry Entry, string Reason)> Unmatched);

    public static Command Create()
    {
        var command = new Command("import-camt053", "Import a bank statement (ISO 20022 camt.053.001.02 or later): credits matched to open cases become payments")
            .With(Common.Tenant, Common.File, Common.Grpc, Common.Token, Common.Zone, Unmatched);
        command.SetAction(async (parse, cancellation) =>
        {
            using var engine = new Engine(parse.GetRequiredValue(Common.Grpc), parse.GetValue(Common.Token));
            var summary = await RunAsync(engine, parse.GetRequiredValue(Common.Tenant), parse.GetRequiredValue(Common.File).FullName, parse.GetRequiredValue(Unmatched),
                NodaTime.DateTimeZoneProviders.Tzdb[parse.GetRequiredValue(Common.Zone)], cancellation);
            Console.WriteLine($"{summary.Credits:N0} credits: {summary.Matched:N0} matched ({summary.Recorded:N0} recorded, {summary.Unchanged:N0} already there), " +
                $"{summary.Reversals:N0} reversals, {summary.Unmatched.Count:N0} unmatched" + (summary.Unmatched.Count > 0 ? $" (see {parse.GetRequiredValue(Unmatched)})" : ""));
            return summary.Unmatched.Count > 0 ? Common.Refused : Common.Clean;
        });
        return command;
    }

    public static async Task<Summary> RunAsync(Engine engine, string tenant, string file, string unmatchedFile, NodaTime.DateTimeZone zone, CancellationToken cancellation)
    {
        IReadOnlyList<StatementEntry> entries;
        using (var reader = new StreamReader(file))
        {
            entries = Camt053.Read(reader);
        }

        var cases = await OpenCasesForMatchingAsync(engine, tenant, entries, cancellation);
        var touchpoints = new List<(int, Touchpoint)>();
        var unmatched = new List<(StatementEntry, string)>();
        var (matched, reversals) = (0, 0);
        foreach (var (entry, index) in entries.Select((e, i) => (e, i)))
        {
            var (found, reason) = Match(entry, cases);
            if (found is null)
            {
                unmatched.Add((entry, reason!));
                continue;
            }

            var at = NodaTime.LocalDate.FromDateOnly(entry.BookedOn).AtStartOfDayInZone(zone).ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            var touchpoint = new Touchpoint
            {
                Tenant = tenant, CustomerId = found.CustomerId, CaseId = found.CaseId, OccurredAt = at, Amount = entry.Amount.ToString(CultureInfo.InvariantCulture),
                Currency = entry.Currency, Channel = Channel.Web, Team = Team.Billing,
            };
            if (entry.Reversal)
            {
                (touchpoint.EventId, touchpoint.Type) = ($"camt-reversal:{entry.Key}", TouchpointType.PaymentReversed);
                touchpoint.Attributes.Add(new Journey.Api.V1.Attribute { Key = "reference", Value = $"camt:{entry.Key}" });
                reversals++;
            }
            else
            {
                (touchpoint.EventId, touchpoint.Type) = ($"camt:{entry.Key}", TouchpointType.PaymentReceived);
                matched++;
            }

            touchpoints.Add((index, touchpoint));
        }

        var answers = await engine.PushAsync(touchpoints, _ => { }, cancellation);
        foreach (var refused in answers.Where(a => a.Status == PushAck.Types.Status.Rejected))
        {
            unmatched.Add((entries[refused.Line], $"refused by the engine: {refused.Field}: {refused.Message}"));
        }

        await using (var output = new StreamWriter(unmatchedFile))
        {
            await output.WriteLineAsync("reference,bookedOn,amount,currency,debtor,structuredReference,remittance,reason");
            foreach (var (entry, reason) in unmatched)
            {
                await output.WriteLineAsync(string.Join(',', Common.CsvField(entry.Key), entry.BookedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    entry.Amount.ToString(CultureInfo.InvariantCulture), entry.Currency, Common.CsvField(entry.Debtor), Common.CsvField(entry.StructuredReference),
                    Common.CsvField(entry.RemittanceText), Common.CsvField(reason)));
            }
        }

        return new Summary(entries.Count(e => !e.Reversal), matched, answers.Count(a => a.Status == PushAck.Types.Status.Accepted),
            answers.Count(a => a.Status == PushAck.Types.Status.Duplicate), reversals, unmatched);
    }

    /// <summary>
    /// The case a credit pays: by its RF reference, else by the one invoice number its remittance text names, among all the
    /// tenant's cases. A reversal is matched the same way (it repeats the original's references).
    /// </summary>
    private static (OpenCase? Case, string? Reason) Match(StatementEntry entry, OpenCases cases)
    {
        if (entry.StructuredReference is { } structured)
        {
            return Camt053.CreditorReference(structured) is { } reference
                ? cases.FindCompact(reference) is { } byReference ? (byReference, null) : (null, $"no case has the reference {structured}")
                : (null, $"'{structured}' is not a valid RF creditor reference");
        }

        var named = entry.RemittanceText.Split([' ', ',', ';', ':', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Select(token => cases.Find(token.Trim('.', '(', ')')) ?? (token.Any(char.IsDigit) && token.Length >= 4 ? cases.FindCompact(token) : null))
            .OfType<OpenCase>().DistinctBy(c => c.CaseId).ToList();
        return named.Count switch
        {
            1 => (named[0], null),
            0 => (null, "the remittance text names no invoice of this tenant"),
            _ => (null, $"the remittance text names several invoices ({string.Join(", ", named.Select(c => c.CaseId))})"),
        };
    }

    private static Task<OpenCases> OpenCasesForMatchingAsync(Engine engine, string tenant, IReadOnlyList<StatementEntry> entries, CancellationToken cancellation) =>
        entries.Count == 0 ? OpenCases.LoadAsync(engine, tenant, null, cancellation) : Common.WithProgressAsync($"{tenant}: open cases", 0, progress => OpenCases.LoadAsync(engine, tenant, progress, cancellation));
}
