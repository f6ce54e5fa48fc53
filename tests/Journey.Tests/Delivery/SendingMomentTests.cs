using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Tests.Infrastructure;
using NodaTime;

namespace Journey.Tests.Delivery;

/// <summary>
/// Quiet hours hold at the moment of sending, not only at the moment of deciding: a reminder dispatched at 19:59 that the
/// connectors could not send before 20:00 waits for 07:00 and says so; one whose case is paid before it is sent never goes.
/// </summary>
[Collection(DeliveryCollection.Name)]
public class SendingMomentTests(DeliveryFixture engine)
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    private const string Policy = """
        timeZone: Europe/Amsterdam
        client:
          name: Avond B.V.
        ladder:
          - id: reminder-1
            after: PT19H59M
            kind: REMINDER
            channel: EMAIL
            template: evening-reminder
        quietHours:
          start: "20:00"
          end: "07:00"
          sundays: true
          publicHolidays: true
        """;

    [Fact]
    public async Task A_reminder_dispatched_at_1959_and_not_sent_by_2000_goes_at_0700_and_a_cancelled_one_never()
    {
        await engine.GraphQLDataAsync("mutation ($d: String!) { setPolicy(tenant: \"evening\", document: $d) { version } }", new { d = Policy });
        var day = PlainDay(await engine.NowAsync());
        var (fay, gus) = (Sample.NewId("fay"), Sample.NewId("gus"));
        var issued = day.PlusDays(-1).At(new LocalTime(10, 0)).InZoneStrictly(Amsterdam).ToDateTimeOffset();
        await engine.AdvanceAsync(issued);
        foreach (var customer in new[] { fay, gus })
        {
            await engine.RecordAsync("evening", customer, "CONTACT_DETAILS_CHANGED", issued, attributes: [("name", customer), ("email", $"{customer}@example.org")]);
            await engine.RecordAsync("evening", customer, "INVOICE_ISSUED", issued, $"{customer}-1", 42.00m, day.PlusDays(-1).ToString("yyyy-MM-dd", null));
        }

        // The connectors are down from before 19:59 until 20:30: nothing can be sent before quiet hours begin.
        await engine.Connectors.KillAsync();
        try
        {
            var dispatched = day.At(new LocalTime(19, 59)).InZoneStrictly(Amsterdam).ToDateTimeOffset();
            await engine.AdvanceAsync(dispatched.AddSeconds(30));
            foreach (var customer in new[] { fay, gus })
            {
                var action = (await engine.CustomerAsync("evening", customer))["actions"]!.AsArray().Single();
                Assert.Equal(("DISPATCHED", dispatched), (action!["status"]!.GetValue<string>(), Scenarios.RuleScenarioTests.Time(action["at"]!)));
            }

            // Gus pays at 20:05: his dispatched reminder is called back before anyone sent it.
            await engine.AdvanceAsync(dispatched.AddMinutes(6));
            await engine.RecordAsync("evening", gus, "PAYMENT_RECEIVED", dispatched.AddMinutes(6), $"{gus}-1", 42.00m);
            await engine.AdvanceAsync(dispatched.AddMinutes(31));
        }
        finally
        {
            await engine.Connectors.StartAsync();
        }

        // Fay's reminder waits for 07:00, and the connectors say so.
        await Until.TrueAsync(async () => (await engine.Connectors.StatusAsync())["evening/waiting-for-quiet-hours-to-end"]?.GetValue<long>() == 1,
            TimeSpan.FromSeconds(60), "the connectors do not report the reminder waiting for quiet hours to end");
        var morning = day.PlusDays(1).At(new LocalTime(7, 0)).InZoneStrictly(Amsterdam).ToDateTimeOffset();
        await engine.AdvanceAsync(morning.AddMinutes(5));
        var fayAction = await FirstActionId(fay);
        var mail = await Until.ValueAsync(() => Task.FromResult(engine.Smtp.For(fayAction) is [var first, ..] ? first : null), TimeSpan.FromSeconds(60), "fay's reminder never arrived");
        Assert.Equal("Avond B.V.", mail.From.Mailboxes.Single().Name);
        var sent = await Until.ValueAsync(async () =>
            (await engine.CustomerAsync("evening", fay))["timeline"]!.AsArray().FirstOrDefault(t => t!["type"]!.GetValue<string>() == "MESSAGE_SENT"),
            TimeSpan.FromSeconds(60), "fay's MESSAGE_SENT was not reported");
        Assert.True(Scenarios.RuleScenarioTests.Time(sent["occurredAt"]!) >= morning, $"sent at {sent["occurredAt"]}, before 07:00");

        // Gus's was cancelled before it was sent: the engine shows it cancelled, and no mail for it reached the server.
        var gusAction = (await engine.CustomerAsync("evening", gus))["actions"]!.AsArray().Single()!;
        Assert.Equal("CANCELLED", gusAction["status"]!.GetValue<string>());
        Assert.Empty(engine.Smtp.For(gusAction["actionId"]!.GetValue<string>()));
    }

    private async Task<string> FirstActionId(string customer) =>
        (await engine.CustomerAsync("evening", customer))["actions"]!.AsArray().Single()!["actionId"]!.GetValue<string>();

    /// <summary>A weekday after <paramref name="after"/> that is no holiday, whose eve and morrow are neither, and with no clock change around it.</summary>
    private static LocalDate PlainDay(DateTimeOffset after)
    {
        var date = Instant.FromDateTimeOffset(after).InZone(Amsterdam).Date.PlusDays(2);
        for (var tries = 0; tries < 400; tries++, date = date.PlusDays(1))
        {
            if (date.DayOfWeek is >= IsoDayOfWeek.Tuesday and <= IsoDayOfWeek.Thursday && !DutchHolidays.IsHoliday(date) && !DutchHolidays.IsHoliday(date.PlusDays(1))
                && Amsterdam.AtStartOfDay(date.PlusDays(-1)).Offset == Amsterdam.AtStartOfDay(date.PlusDays(2)).Offset)
            {
                return date;
            }
        }

        throw new InvalidOperationException("no plain weekday within 400 days");
    }
}
