using System.CommandLine;
using Journey.Api.V1;
using NodaTime;

namespace Journey.Cli;

/// <summary>
/// <c>import-open-items</c>: a tenant's open items from CSV, pushed over the gRPC stream. Event ids come from the file's own
/// keys (the invoice number; the customer and the details for contact details), so a rerun of the same file changes nothing.
/// Every refused line — unreadable here or refused by the engine — goes to the errors file with its line number and field.
/// </summary>
public static class ImportOpenItemsCommand
{
    private static readonly Option<string> Errors = new("--errors") { Description = "Where refused lines are written (CSV: line,field,message)", DefaultValueFactory = _ => "import-errors.csv" };

    public sealed record Summary(int Lines, int Accepted, int Unchanged, int RefusedLines, string ErrorsFile);

    public static Command Create()
    {
        var command = new Command("import-open-items", "Import a tenant's open items (CSV: customer,invoice,amount,currency,issued,due,debtorType[,name,email,phone,language])")
            .With(Common.Tenant, Common.File, Common.Grpc, Common.Token, Common.Zone, Errors);
        command.SetAction(async (parse, cancellation) =>
        {
            using var engine = new Engine(parse.GetRequiredValue(Common.Grpc), parse.GetValue(Common.Token));
            var summary = await RunAsync(engine, parse.GetRequiredValue(Common.Tenant), parse.GetRequiredValue(Common.File).FullName, parse.GetRequiredValue(Errors),
                DateTimeZoneProviders.Tzdb[parse.GetRequiredValue(Common.Zone)], cancellation);
            Console.WriteLine($"{summary.Lines:N0} lines: {summary.Accepted:N0} touchpoints recorded, {summary.Unchanged:N0} already there, {summary.RefusedLines:N0} lines refused" +
                (summary.RefusedLines > 0 ? $" (see {summary.ErrorsFile})" : ""));
            return summary.RefusedLines > 0 ? Common.Refused : Common.Clean;
        });
        return command;
    }

    public static async Task<Summary> RunAsync(Engine engine, string tenant, string file, string errorsFile, DateTimeZone zone, CancellationToken cancellation)
    {
        var items = new List<OpenItem>();
        var errors = new List<LineError>();
        var lines = 0;
        using (var reader = new StreamReader(file))
        {
            foreach (var (item, error) in OpenItems.Read(reader))
            {
                lines++;
                if (item is not null)
                {
                    items.Add(item);
                }
                else
                {
                    errors.Add(error!);
                }
            }
        }

        var touchpoints = items.SelectMany(i => OpenItems.Touchpoints(tenant, i, zone).Select(t => (i.Line, t))).ToList();
        var answers = await Common.WithProgressAsync($"{tenant}: {items.Count:N0} open items", touchpoints.Count, progress => engine.PushAsync(touchpoints, progress, cancellation));
        errors.AddRange(answers.Where(a => a.Status == PushAck.Types.Status.Rejected).Select(a => new LineError(a.Line, FieldOf(a.Field), a.Message ?? "refused")));

        // One line per refused line (the first thing wrong with it), in file order.
        var refused = errors.GroupBy(e => e.Line).Select(g => g.First()).OrderBy(e => e.Line).ToList();
        await using (var output = new StreamWriter(errorsFile))
        {
            await output.WriteLineAsync("line,field,message");
            foreach (var error in refused)
            {
                await output.WriteLineAsync($"{error.Line},{Common.CsvField(error.Field)},{Common.CsvField(error.Message)}");
            }
        }

        return new Summary(lines,
            answers.Count(a => a.Status == PushAck.Types.Status.Accepted), answers.Count(a => a.Status == PushAck.Types.Status.Duplicate), refused.Count, errorsFile);
    }

    /// <summary>The engine names a touchpoint's field (amount, attributes[0].value); the file's column is what a person fixes.</summary>
    private static string FieldOf(string? field) => field switch
    {
        null => "line",
        "customerId" => "customer",
        "caseId" => "invoice",
        "dueDate" => "due",
        "occurredAt" => "issued",
        _ when field.StartsWith("attributes", StringComparison.Ordinal) => "contact details",
        _ => field,
    };
}
