using System.Text.Json.Nodes;
using Grpc.Core;
using Journey.Domain;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;

namespace Journey.Tests.Scenarios;

/// <summary>
/// The credit manager's numbers through both APIs: the ten-customer ledger of docs/credit-numbers.md,
/// recorded against the running engine and read on a Monday, gives the hand-computed figures.
/// </summary>
[Collection(SimulatedHostCollection.Name)]
public class ReceivablesTests(SimulatedHostFixture host)
{
    private const string Policy = """
        timeZone: Europe/Amsterdam
        segments:
          - id: business
            when: { debtorType: BUSINESS }
        """;

    /// <summary>The ledger of the worked example, dated as if read on Monday 15 June 2026; <c>shift</c> moves it to the clock's Monday.</summary>
    private static IEnumerable<JsonObject> Ledger(string tenant, int shift)
    {
        DateTimeOffset At(int month, int day) => new DateTimeOffset(2026, month, day, 10, 0, 0, TimeSpan.FromHours(2)).AddDays(shift);
        string On(int month, int day) => IsoTime.Format(DateOnly.FromDateTime(new DateTime(2026, month, day)).AddDays(shift));
        JsonObject Invoice(string c, decimal amount, (int M, int D) due, (int M, int D) at, string debtorType = "CONSUMER") =>
            Touchpoint(tenant, c, "INVOICE_ISSUED", At(at.M, at.D), $"{c}-inv", amount, On(due.M, due.D), attributes: ("debtorType", debtorType));
        JsonObject Pay(string c, decimal amount, (int M, int D) at) => Touchpoint(tenant, c, "PAYMENT_RECEIVED", At(at.M, at.D), $"{c}-inv", amount);
        JsonObject Promise(string c, decimal amount, (int M, int D) day, (int M, int D) at) =>
            Touchpoint(tenant, c, "PROMISE_TO_PAY", At(at.M, at.D), $"{c}-inv", amount, On(day.M, day.D));

        return
        [
            Invoice("c01", 100m, (6, 15), (6, 1)),
            Invoice("c02", 200m, (6, 3), (5, 20)), Pay("c02", 50m, (6, 10)),
            Invoice("c03", 300m, (4, 15), (4, 1)),
            Invoice("c04", 90m, (2, 15), (2, 1)),
            Invoice("c05", 250m, (5, 15), (5, 1)), Promise("c05", 250m, (6, 1), (5, 20)), Pay("c05", 250m, (5, 30)),
            Invoice("c06", 120m, (5, 27), (5, 13)), Promise("c06", 120m, (6, 5), (5, 28)),
            Invoice("c07", 80m, (6, 19), (6, 5)), Promise("c07", 80m, (6, 24), (6, 10)),
            Invoice("c08", 60m, (6, 26), (6, 12)),
            Invoice("c09", 90m, (5, 15), (5, 1)), Promise("c09", 90m, (5, 31), (5, 20)), Pay("c09", 90m, (6, 15)),
            Invoice("c10", 500m, (7, 14), (6, 14), "BUSINESS"),
        ];
    }

    private const string Query = """
        query ($tenant: String!, $segment: String) {
          receivables(tenant: $tenant, segment: $segment) {
            today open overdue
            ageing { bucket amount count }
            dso90: dso(days: 90) dso30: dso(days: 30) dso
            promiseKeptRate promisesKept promisesBroken
            forecast(weeks: 5, past: 3) { weekStart expected received }
          }
        }
        """;

    [Fact]
    public async Task The_worked_example_gives_its_hand_computed_figures_over_GraphQL_and_gRPC()
    {
        var tenant = Sample.NewId("ledger");
        await host.SetPolicyAsync(tenant, Policy);

        // Read on a Monday, noon in Amsterdam: the clock moves to the next one.
        var now = await host.NowAsync();
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"));
        var daysToMonday = ((int)DayOfWeek.Monday - (int)local.DayOfWeek + 7) % 7;
        var monday = DateOnly.FromDateTime(local.DateTime).AddDays(daysToMonday == 0 ? 7 : daysToMonday);
        var noon = new DateTimeOffset(monday.ToDateTime(new TimeOnly(12, 0)), local.Offset).ToUniversalTime();
        await host.AdvanceAsync(noon);
        var shift = monday.DayNumber - new DateOnly(2026, 6, 15).DayNumber;
        Assert.Equal(0, shift % 7);
        string On(int month, int day) => IsoTime.Format(new DateOnly(2026, month, day).AddDays(shift));

        foreach (var touchpoint in Ledger(tenant, shift))
        {
            await host.RecordAsync(touchpoint);
        }

        var figures = (await host.GraphQLDataAsync(Query, new { tenant, segment = (string?)null }))["receivables"]!;
        Assert.Equal(IsoTime.Format(monday), figures["today"]!.GetValue<string>());
        Assert.Equal((1400m, 660m), (figures["open"]!.GetValue<decimal>(), figures["overdue"]!.GetValue<decimal>()));
        Assert.Equal(
            ["CURRENT 740 4", "D1_30 270 2", "D31_60 0 0", "D61_90 300 1", "D90_PLUS 90 1"],
            figures["ageing"]!.AsArray().Select(r => $"{r!["bucket"]} {r["amount"]!.GetValue<decimal>():0.##} {r["count"]}"));
        Assert.Equal(46d, figures["dso90"]!.GetValue<double>(), 9);
        Assert.Equal(figures["dso90"]!.GetValue<double>(), figures["dso"]!.GetValue<double>());
        Assert.Equal(30d + 460d / (940d / 30d), figures["dso30"]!.GetValue<double>(), 9);
        Assert.Equal((1, 2), (figures["promisesKept"]!.GetValue<int>(), figures["promisesBroken"]!.GetValue<int>()));
        Assert.Equal(1d / 3d, figures["promiseKeptRate"]!.GetValue<double>(), 9);
        Assert.Equal(
            [$"{On(5, 25)} 120 250", $"{On(6, 1)} 200 0", $"{On(6, 8)} 0 50", $"{On(6, 15)} 100 90", $"{On(6, 22)} 140 0", $"{On(6, 29)} 0 0", $"{On(7, 6)} 0 0", $"{On(7, 13)} 500 0"],
            figures["forecast"]!.AsArray().Select(w => $"{w!["weekStart"]} {w["expected"]!.GetValue<decimal>():0.##} {w["received"]!.GetValue<decimal>():0.##}"));

        var business = (await host.GraphQLDataAsync(Query, new { tenant, segment = "business" }))["receivables"]!;
        Assert.Equal((500m, 0m), (business["open"]!.GetValue<decimal>(), business["overdue"]!.GetValue<decimal>()));

        // The same figures over gRPC.
        var client = new Journey.Api.V1.JourneyService.JourneyServiceClient(host.Grpc);
        var answer = await client.GetReceivablesAsync(new Journey.Api.V1.ReceivablesRequest { Tenant = tenant, DsoDays = 90, ForecastWeeks = 5, ForecastPast = 3 });
        Assert.Equal(("1400.00", "660.00", 46d, 1, 2), (answer.Open, answer.Overdue, answer.Dso, answer.PromisesKept, answer.PromisesBroken));
        Assert.Equal(["CURRENT 740.00 4", "D1_30 270.00 2", "D31_60 0.00 0", "D61_90 300.00 1", "D90_PLUS 90.00 1"], answer.Ageing.Select(r => $"{r.Bucket} {r.Amount} {r.Count}"));
        Assert.Equal($"{On(7, 13)} 500.00 0.00", answer.Forecast.Select(w => $"{w.WeekStart} {w.Expected} {w.Received}").Last());
        var consumers = await client.GetReceivablesAsync(new Journey.Api.V1.ReceivablesRequest { Tenant = tenant, DebtorType = "CONSUMER" });
        Assert.Equal("900.00", consumers.Open);
        Assert.Equal(13, consumers.Forecast.Count);
    }

    [Fact]
    public async Task An_erased_customer_leaves_the_figures_and_a_paid_case_leaves_the_open_amounts()
    {
        var tenant = Sample.NewId("ledger");
        await host.SetPolicyAsync(tenant, Policy);
        var now = await host.NowAsync();
        var due = IsoTime.Format(DateOnly.FromDateTime(now.DateTime).AddDays(14));
        await host.RecordAsync(Touchpoint(tenant, "keeps", "INVOICE_ISSUED", now, "keeps-inv", 70m, due));
        await host.RecordAsync(Touchpoint(tenant, "erased", "INVOICE_ISSUED", now, "erased-inv", 30m, due));
        await host.RecordAsync(Touchpoint(tenant, "pays", "INVOICE_ISSUED", now, "pays-inv", 20m, due));
        await host.RecordAsync(Touchpoint(tenant, "pays", "PAYMENT_RECEIVED", now, "pays-inv", 20m));
        Assert.Equal(70m + 30m, await OpenAsync());

        await host.GraphQLDataAsync("mutation ($tenant: String!, $id: String!) { eraseCustomer(tenant: $tenant, id: $id) { erased } }", new { tenant, id = "erased" });
        Assert.Equal(70m, await OpenAsync());

        // What came in stays received; what the erased customer owed is no longer anyone's.
        var received = (await host.GraphQLDataAsync("query ($tenant: String!) { receivables(tenant: $tenant) { forecast(weeks: 1) { received } } }", new { tenant }))["receivables"]!["forecast"]![0]!["received"]!.GetValue<decimal>();
        Assert.Equal(20m, received);

        async Task<decimal> OpenAsync() =>
            (await host.GraphQLDataAsync("query ($tenant: String!) { receivables(tenant: $tenant) { open } }", new { tenant }))["receivables"]!["open"]!.GetValue<decimal>();
    }

    [Fact]
    public async Task Bad_arguments_are_refused_by_name()
    {
        var tenant = Sample.NewId("ledger");
        await host.SetPolicyAsync(tenant, Policy);

        var days = await host.GraphQLAsync("query ($tenant: String!) { receivables(tenant: $tenant) { open dso(days: 0) } }", new { tenant });
        var error = Assert.Single(days["errors"]!.AsArray())!;
        Assert.Equal(("INVALID_ARGUMENT", "days"), (error["extensions"]!["code"]!.GetValue<string>(), error["extensions"]!["field"]!.GetValue<string>()));
        Assert.Equal(["receivables", "dso"], error["path"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(0m, days["data"]!["receivables"]!["open"]!.GetValue<decimal>());

        var segment = await host.GraphQLAsync("query ($tenant: String!) { receivables(tenant: $tenant, segment: \"nobody\") { open } }", new { tenant });
        Assert.Equal("segment", Assert.Single(segment["errors"]!.AsArray())!["extensions"]!["field"]!.GetValue<string>());

        var client = new Journey.Api.V1.JourneyService.JourneyServiceClient(host.Grpc);
        var weeks = await Assert.ThrowsAsync<RpcException>(() => client.GetReceivablesAsync(new Journey.Api.V1.ReceivablesRequest { Tenant = tenant, ForecastWeeks = 500 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, weeks.StatusCode);
        Assert.Contains("weeks", weeks.Status.Detail);
        var debtor = await Assert.ThrowsAsync<RpcException>(() => client.GetReceivablesAsync(new Journey.Api.V1.ReceivablesRequest { Tenant = tenant, DebtorType = "PERSON" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, debtor.StatusCode);
        Assert.Contains("debtor_type", debtor.Status.Detail);
    }
}
