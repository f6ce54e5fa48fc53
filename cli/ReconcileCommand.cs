using System.CommandLine;
using System.Globalization;

namespace Journey.Cli;

/// <summary>
/// <c>reconcile</c>: a ledger's open items (the <c>import-open-items</c> CSV) against Journey's open cases of the tenant, read
/// through the public API. Every difference is a CSV row (<c>--out</c>): <c>MISSING_IN_JOURNEY</c> (open in the ledger,
/// not open here), <c>MISSING_IN_LEDGER</c> (open here, absent from the ledger), <c>AMOUNT_DIFFERS</c>.
/// </summary>
public static class ReconcileCommand
{
    private static readonly Option<string> Out = new("--out") { Description = "Where the differences are written (CSV)", DefaultValueFactory = _ => "reconcile.csv" };

    public sealed record Difference(string Kind, string Customer, string Invoice, decimal? LedgerAmount, decimal? JourneyAmount, string Currency);

    public sealed record Summary(int LedgerItems, int JourneyOpen, IReadOnlyList<Difference> Differences, IReadOnlyList<LineError> Unreadable);

    public static Command Create()
    {
        var command = new Command("reconcile", "Compare a ledger's open items (CSV) with Journey's open cases; write every difference to --out")
            .With(Common.Tenant, Common.File, Common.Grpc, Common.Token, Out);
        command.SetAction(async (parse, cancellation) =>
        {
            using var engine = new Engine(parse.GetRequiredValue(Common.Grpc), parse.GetValue(Common.Token));
            var summary = await RunAsync(engine, parse.GetRequiredValue(Common.Tenant), parse.GetRequiredValue(Common.File).FullName, parse.GetRequiredValue(Out), cancellation);
            foreach (var kind in new[] { "MISSING_IN_JOURNEY", "MISSING_IN_LEDGER", "AMOUNT_DIFFERS" })
            {
                Console.WriteLine($"{kind}: {summary.Differences.Count(d => d.Kind == kind):N0}");
            }

            Console.WriteLine($"{summary.LedgerItems:N0} open items in the ledger, {summary.JourneyOpen:N0} open cases in Journey, {summary.Differences.Count:N0} differences ({parse.GetRequiredValue(Out)})");
            foreach (var error in summary.Unreadable)
            {
                await Console.Error.WriteLineAsync($"line {error.Line}, {error.Field}: {error.Message} (not compared)");
            }

            return summary.Differences.Count > 0 || summary.Unreadable.Count > 0 ? Common.Differences : Common.Clean;
        });
        return command;
    }

    public static async Task<Summary> RunAsync(Engine engine, string tenant, string file, string outFile, CancellationToken cancellation)
    {
        var ledger = new Dictionary<string, OpenItem>(StringComparer.Ordinal);
        var unreadable = new List<LineError>();
        using (var reader = new StreamReader(file))
        {
            foreach (var (item, error) in OpenItems.Read(reader))
            {
                if (item is not null)
                {
                    ledger[item.Invoice] = item;
                }
                else
                {
                    unreadable.Add(error!);
                }
            }
        }

        var cases = await Common.WithProgressAsync($"{tenant}: open cases", 0, progress => OpenCases.LoadAsync(engine, tenant, progress, cancellation));
        var open = cases.Open.ToDictionary(c => c.CaseId, StringComparer.Ordinal);
        var differences = new List<Difference>();
        foreach (var item in ledger.Values.OrderBy(i => i.Line))
        {
            if (!open.TryGetValue(item.Invoice, out var held))
            {
                differences.Add(new Difference("MISSING_IN_JOURNEY", item.Customer, item.Invoice, item.Amount, null, item.Currency));
            }
            else if (held.AmountDue != item.Amount)
            {
                differences.Add(new Difference("AMOUNT_DIFFERS", held.CustomerId, item.Invoice, item.Amount, held.AmountDue, held.Currency));
            }
        }

        differences.AddRange(open.Values.Where(c => !ledger.ContainsKey(c.CaseId)).OrderBy(c => c.CaseId, StringComparer.Ordinal)
            .Select(c => new Difference("MISSING_IN_LEDGER", c.CustomerId, c.CaseId, null, c.AmountDue, c.Currency)));

        await using (var output = new StreamWriter(outFile))
        {
            await output.WriteLineAsync("difference,customer,invoice,ledgerAmount,journeyAmount,currency");
            foreach (var d in differences)
            {
                await output.WriteLineAsync(string.Join(',', d.Kind, Common.CsvField(d.Customer), Common.CsvField(d.Invoice),
                    d.LedgerAmount?.ToString(CultureInfo.InvariantCulture) ?? "", d.JourneyAmount?.ToString(CultureInfo.InvariantCulture) ?? "", d.Currency));
            }
        }

        return new Summary(ledger.Count, open.Count, differences, unreadable);
    }
}
