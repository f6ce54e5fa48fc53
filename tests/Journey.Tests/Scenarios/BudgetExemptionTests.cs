using System.Text.Json.Nodes;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Tests.Infrastructure;
using NodaTime;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>
/// The shipped webshop policy exempts in-app notices from the contact budget: a customer who opens the app
/// and sees the open invoice does not block the service team's call. A reminder e-mail does, for the gap.
/// </summary>
[Collection(SimulatedHostCollection.Name)]
public class BudgetExemptionTests(SimulatedHostFixture host)
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    private const string RequestCall = """
        mutation ($tenant: String!, $id: String!) {
          requestContact(tenant: $tenant, customerId: $id, team: SERVICE, channel: PHONE, purpose: "question") { outcome deferredUntil reasons actionId }
        }
        """;

    [Fact]
    public async Task After_an_app_open_the_service_team_may_still_call_after_a_reminder_it_waits_for_the_gap()
    {
        var tenant = Sample.NewId("shop");
        await host.SetPolicyAsync(tenant, await File.ReadAllTextAsync(Path.Combine(Repository.Root, "policies", "webshop.yaml")));
        var issued = Monday(await host.NowAsync());
        await host.AdvanceAsync(issued);
        var (opener, reminded) = (Sample.NewId("c"), Sample.NewId("c"));
        foreach (var customer in new[] { opener, reminded })
        {
            await host.RecordAsync(Touchpoint(tenant, customer, "INVOICE_ISSUED", issued, $"{customer}-order", 80m, Date(issued)));
        }

        // Tuesday 12:00: overdue since 00:00; the first reminder is due Wednesday 00:00, so at 07:00 after quiet hours.
        var tuesdayNoon = issued.AddDays(1).AddHours(2);
        await host.AdvanceAsync(tuesdayNoon);
        await host.RecordAsync(Touchpoint(tenant, opener, "APP_OPENED", tuesdayNoon, channel: "APP"));
        var notice = (await Actions(tenant, opener)).Single(a => a!["kind"]!.GetValue<string>() == "IN_APP_REMINDER");
        Assert.Equal("DISPATCHED", notice!["status"]!.GetValue<string>());

        await host.AdvanceAsync(tuesdayNoon.AddMinutes(5));
        var call = (await host.GraphQLDataAsync(RequestCall, new { tenant, id = opener }))["requestContact"]!;
        Assert.Equal("ALLOWED", call["outcome"]!.GetValue<string>());
        Assert.NotNull(call["actionId"]?.GetValue<string>());

        // Wednesday 07:00 the reminder e-mail goes out to the other customer; at 09:00 a call must wait until Thursday 07:00.
        var wednesdaySeven = issued.AddDays(2).AddHours(-3);
        await host.AdvanceAsync(wednesdaySeven.AddHours(2));
        var reminder = (await Actions(tenant, reminded)).Single(a => a!["kind"]!.GetValue<string>() == "REMINDER" && a["status"]!.GetValue<string>() == "DISPATCHED");
        Assert.Equal(wednesdaySeven, Time(reminder!["at"]!));
        var deferred = (await host.GraphQLDataAsync(RequestCall, new { tenant, id = reminded }))["requestContact"]!;
        Assert.Equal("DEFERRED", deferred["outcome"]!.GetValue<string>());
        Assert.Equal(wednesdaySeven.AddDays(1), Time(deferred["deferredUntil"]!));
        Assert.Contains("budget.min-gap", Reasons(deferred));
    }

    private async Task<JsonArray> Actions(string tenant, string customer) =>
        (await host.GraphQLDataAsync("query ($tenant: String!, $id: String!) { customer(tenant: $tenant, id: $id) { actions { kind status at } } }",
            new { tenant, id = customer }))["customer"]!["actions"]!.AsArray();

    /// <summary>10:00 on the next Monday after <paramref name="after"/> whose week has no holiday or clock change by Friday.</summary>
    private static DateTimeOffset Monday(DateTimeOffset after)
    {
        var date = Instant.FromDateTimeOffset(after).InZone(Amsterdam).Date.PlusDays(1);
        for (var tries = 0; tries < 400; tries++, date = date.PlusDays(1))
        {
            var monday = date.At(new LocalTime(10, 0)).InZoneLeniently(Amsterdam);
            var friday = date.PlusDays(4).At(new LocalTime(10, 0)).InZoneLeniently(Amsterdam);
            if (date.DayOfWeek == IsoDayOfWeek.Monday && monday.Offset == friday.Offset
                && !Enumerable.Range(0, 5).Any(d => DutchHolidays.IsHoliday(date.PlusDays(d))))
            {
                return monday.ToDateTimeOffset();
            }
        }

        throw new InvalidOperationException($"no plain week within 400 days of {after}");
    }
}
