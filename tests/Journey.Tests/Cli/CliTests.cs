using System.Globalization;
using System.Text;
using Journey.Api.V1;
using Journey.Cli;
using Journey.Tests.Infrastructure;
using NodaTime;

namespace Journey.Tests.Cli;

/// <summary>A Journey host of the command-line tests' own: a 100,000-line import does not share a silo with other tests.</summary>
public sealed class CliHostFixture : JourneyHostFixture;

/// <summary>
/// The command-line tool against a running host: open items imported from CSV (refused lines with their line numbers, a
/// rerun that changes nothing), a bank statement matched to cases (RF references, invoice numbers in free text, an unmatched
/// credit, a reversal; read twice, nothing changes), and a ledger reconciled with planted differences.
/// </summary>
public class CliTests(CliHostFixture host) : IClassFixture<CliHostFixture>
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
    private const string Header = "customer,invoice,amount,currency,issued,due,debtorType,name,email,phone,language";

    private Engine Engine() => new($"http://127.0.0.1:{host.GrpcPort}", null);

    [Fact]
    public async Task Importing_100000_open_items_with_100_bad_lines_opens_99900_cases_and_a_rerun_changes_nothing()
    {
        var tenant = Sample.NewId("imp");
        var (file, bad) = WriteOpenItems(100_000);
        var errors = Path.GetTempFileName();
        using var engine = Engine();

        var first = await ImportOpenItemsCommand.RunAsync(engine, tenant, file, errors, Amsterdam, CancellationToken.None);
        Assert.Equal((100_000, 100), (first.Lines, first.RefusedLines));
        var refused = File.ReadAllLines(errors).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(bad.Keys.Order(), refused.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)));
        Assert.All(refused, r => Assert.Equal(bad[int.Parse(r[0], CultureInfo.InvariantCulture)], r[1]));

        var cases = await OpenCases.LoadAsync(engine, tenant, null, CancellationToken.None);
        Assert.Equal(99_900, cases.Open.Count());
        Assert.All(cases.Open.Take(1000), c => Assert.Equal(AmountOf(int.Parse(c.CaseId[4..], CultureInfo.InvariantCulture)), c.AmountDue));

        var sample = cases.Open.Take(200).Select(c => c.CustomerId).ToList();
        var before = await VersionsAsync(engine, tenant, sample);
        var again = await ImportOpenItemsCommand.RunAsync(engine, tenant, file, errors, Amsterdam, CancellationToken.None);
        Assert.Equal((0, first.Accepted, 100), (again.Accepted, again.Unchanged, again.RefusedLines));
        Assert.Equal(before, await VersionsAsync(engine, tenant, sample));
    }

    [Fact]
    public async Task A_bank_statement_settles_the_right_cases_lists_the_unmatched_one_and_read_twice_changes_nothing()
    {
        var tenant = Sample.NewId("bank");
        using var engine = Engine();
        var ledger = WriteCsv(
            "c-1,INV-1001,120.00,EUR,2026-02-01,2026-02-15,CONSUMER,,,,",
            "c-2,INV-1002,80.00,EUR,2026-02-01,2026-02-15,CONSUMER,,,,",
            "c-3,INV-1003,45.50,EUR,2026-02-01,2026-02-15,CONSUMER,,,,",
            "c-4,INV-1004,300.00,EUR,2026-02-01,2026-02-15,BUSINESS,,,,");
        Assert.Equal(0, (await ImportOpenItemsCommand.RunAsync(engine, tenant, ledger, Path.GetTempFileName(), Amsterdam, CancellationToken.None)).RefusedLines);

        var statement = Path.GetTempFileName();
        await File.WriteAllTextAsync(statement, Statement(
            Credit("E2E-1", 120.00m, structured: Camt053.CreditorReferenceOf("INV-1001")),
            Credit("E2E-2", 30.00m, text: "Betaling factuur INV-1002, bedankt"),
            Credit("E2E-3", 45.50m, text: "INV-1003"),
            Credit("E2E-4", 99.99m, text: "Voor de bestelling van vorige week"),
            Reversal("E2E-3", 45.50m, text: "INV-1003"),
            Debit("E2E-5", 10.00m)));

        var unmatched = Path.GetTempFileName();
        var first = await ImportCamt053Command.RunAsync(engine, tenant, statement, unmatched, Amsterdam, CancellationToken.None);
        Assert.Equal((4, 3, 1), (first.Credits, first.Matched, first.Reversals));
        var (entry, reason) = Assert.Single(first.Unmatched);
        Assert.Equal(("E2E-4", 99.99m), (entry.Key, entry.Amount));
        Assert.Contains("names no invoice", reason);
        Assert.Contains("E2E-4", await File.ReadAllTextAsync(unmatched));

        var owed = await OwedAsync(engine, tenant);
        Assert.Equal(("PAID", 0.00m), owed["INV-1001"]);
        Assert.Equal(50.00m, owed["INV-1002"].Due);
        Assert.Equal(45.50m, owed["INV-1003"].Due);
        Assert.Equal(300.00m, owed["INV-1004"].Due);

        var versions = await VersionsAsync(engine, tenant, ["c-1", "c-2", "c-3", "c-4"]);
        var again = await ImportCamt053Command.RunAsync(engine, tenant, statement, unmatched, Amsterdam, CancellationToken.None);
        Assert.Equal((0, 4), (again.Recorded, again.Unchanged));
        Assert.Equal(versions, await VersionsAsync(engine, tenant, ["c-1", "c-2", "c-3", "c-4"]));
    }

    [Fact]
    public async Task Reconciling_a_ledger_reports_exactly_the_planted_differences()
    {
        var tenant = Sample.NewId("rec");
        using var engine = Engine();
        var journey = WriteCsv(Enumerable.Range(1, 20).Select(i => $"r-{i},R-{i:D3},{i * 10}.00,EUR,2026-02-01,2026-02-15,CONSUMER,,,,").ToArray());
        await ImportOpenItemsCommand.RunAsync(engine, tenant, journey, Path.GetTempFileName(), Amsterdam, CancellationToken.None);

        // The ledger: R-005 is gone from it, R-012 says 125.00 instead of 120.00, and R-099 is unknown to Journey.
        var ledger = WriteCsv(Enumerable.Range(1, 20).Where(i => i != 5)
            .Select(i => $"r-{i},R-{i:D3},{(i == 12 ? "125.00" : $"{i * 10}.00")},EUR,2026-02-01,2026-02-15,CONSUMER,,,,")
            .Append("r-99,R-099,15.00,EUR,2026-02-01,2026-02-15,CONSUMER,,,,").ToArray());
        var output = Path.GetTempFileName();

        // As a person runs it: the tool's own process, its exit code and its CSV.
        var cli = Path.Combine(Path.GetDirectoryName(SiloProcess.SiloAssembly)!.Replace($"{Path.DirectorySeparatorChar}silo{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}cli{Path.DirectorySeparatorChar}", StringComparison.Ordinal), "Journey.Cli.dll");
        await using var process = ChildProcess.Start("dotnet", [cli, "reconcile", "--tenant", tenant, "--file", ledger, "--grpc", $"http://127.0.0.1:{host.GrpcPort}", "--out", output]);
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.True(exit == Common.Differences, $"exit {exit}: {process.Output}");
        Assert.Equal(
            [
                "difference,customer,invoice,ledgerAmount,journeyAmount,currency",
                "AMOUNT_DIFFERS,r-12,R-012,125.00,120.00,EUR",
                "MISSING_IN_JOURNEY,r-99,R-099,15.00,,EUR",
                "MISSING_IN_LEDGER,r-5,R-005,,50.00,EUR",
            ],
            File.ReadAllLines(output));
        Assert.Contains("MISSING_IN_JOURNEY: 1", process.Output);
    }

    private static decimal AmountOf(int i) => 10m + i % 500 + 0.25m;

    /// <summary>A CSV of open items with 100 bad lines planted, and what each bad line's error names (line → column).</summary>
    private static (string File, Dictionary<int, string> Bad) WriteOpenItems(int count)
    {
        var bad = new Dictionary<int, string>();
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < count; i++)
        {
            var line = i + 2;
            var (amount, due, customer) = (AmountOf(i).ToString(CultureInfo.InvariantCulture), "2026-03-15", $"cust-{i}");
            // 50 amounts with a comma, 30 dates not in ISO form (refused by the tool), 20 customer ids too long (refused by the engine).
            if (i % 1000 == 7 && i < 50_000)
            {
                (amount, bad[line]) = ("\"12,50\"", "amount");
            }
            else if (i % 1000 == 507 && i < 30_000)
            {
                (due, bad[line]) = ("15-03-2026", "due");
            }
            else if (i % 1000 == 907 && i < 20_000)
            {
                (customer, bad[line]) = ($"{new string('x', 130)}{i}", "customer");
            }

            var contact = i % 10 == 0 ? $"Klant {i},k{i}@example.org,,nl" : ",,,";
            text.Append(CultureInfo.InvariantCulture, $"{customer},INV-{i},{amount},EUR,2026-03-01,{due},CONSUMER,{contact}\n");
        }

        Assert.Equal(100, bad.Count);
        var file = Path.GetTempFileName();
        File.WriteAllText(file, text.ToString());
        return (file, bad);
    }

    private static string WriteCsv(params string[] lines)
    {
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, [Header, .. lines]);
        return file;
    }

    private async Task<Dictionary<string, (string Stage, decimal Due)>> OwedAsync(Engine engine, string tenant)
    {
        var owed = new Dictionary<string, (string, decimal)>();
        foreach (var customer in new[] { "c-1", "c-2", "c-3", "c-4" })
        {
            foreach (var @case in (await engine.Client.GetCustomerAsync(new GetCustomerRequest { Tenant = tenant, CustomerId = customer })).Cases)
            {
                owed[@case.CaseId] = (@case.Stage.ToString().ToUpperInvariant(), decimal.Parse(@case.AmountDue, CultureInfo.InvariantCulture));
            }
        }

        return owed;
    }

    private static async Task<List<long>> VersionsAsync(Engine engine, string tenant, IEnumerable<string> customers)
    {
        var versions = new List<long>();
        foreach (var customer in customers)
        {
            versions.Add((await engine.Client.GetCustomerAsync(new GetCustomerRequest { Tenant = tenant, CustomerId = customer })).Version);
        }

        return versions;
    }

    private static string Statement(params string[] entries) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
          <BkToCstmrStmt>
            <GrpHdr><MsgId>STMT-2026-03-02</MsgId><CreDtTm>2026-03-02T18:00:00</CreDtTm></GrpHdr>
            <Stmt>
              <Id>STMT-1</Id>
              <Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>
              {string.Join("\n", entries)}
            </Stmt>
          </BkToCstmrStmt>
        </Document>
        """;

    private static string Credit(string endToEnd, decimal amount, string? structured = null, string? text = null) => Entry("CRDT", false, endToEnd, amount, structured, text);

    private static string Reversal(string endToEnd, decimal amount, string? text = null) => Entry("DBIT", true, endToEnd, amount, null, text);

    private static string Debit(string endToEnd, decimal amount) => Entry("DBIT", false, endToEnd, amount, null, "Bank costs");

    private static string Entry(string direction, bool reversal, string endToEnd, decimal amount, string? structured, string? text) => $"""
        <Ntry>
          <Amt Ccy="EUR">{amount.ToString("0.00", CultureInfo.InvariantCulture)}</Amt>
          <CdtDbtInd>{direction}</CdtDbtInd>
          {(reversal ? "<RvslInd>true</RvslInd>" : "")}
          <Sts>BOOK</Sts>
          <BookgDt><Dt>2026-03-02</Dt></BookgDt>
          <ValDt><Dt>2026-03-02</Dt></ValDt>
          <AcctSvcrRef>BANK-{endToEnd}{(reversal ? "-R" : "")}</AcctSvcrRef>
          <NtryDtls><TxDtls>
            <Refs><EndToEndId>{endToEnd}</EndToEndId></Refs>
            <RltdPties><Dbtr><Nm>A. Betaler</Nm></Dbtr></RltdPties>
            <RmtInf>{(structured is null ? $"<Ustrd>{text}</Ustrd>" : $"<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>{structured}</Ref></CdtrRefInf></Strd>")}</RmtInf>
          </TxDtls></NtryDtls>
        </Ntry>
        """;
}
