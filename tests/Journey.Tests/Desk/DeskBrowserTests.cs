using System.Diagnostics;
using System.Text.Json;
using Journey.Api.V1;
using Journey.Tests.Api;
using Journey.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Journey.Tests.Desk;

/// <summary>A host with authentication on and the simulated clock at a date that is not today, for the desk in a browser.</summary>
public sealed class DeskHostFixture : JourneyHostFixture
{
    public static readonly DateTimeOffset Start = new(2026, 6, 15, 9, 0, 0, TimeSpan.FromHours(2));

    protected override IEnumerable<string> ExtraArguments =>
    [
        .. base.ExtraArguments, "--Journey:Auth:Enabled=true", $"--Journey:Auth:SigningKey={AuthHostFixture.Auth.SigningKey}",
        "--Journey:Clock=Simulated", $"--Journey:SimulatedStart={Domain.IsoTime.Format(Start)}",
    ];
}

/// <summary>
/// The desk (GET /desk) in headless Debian Chromium driven by puppeteer-core: find a customer, see a touchpoint pushed
/// over gRPC arrive live as a WebSocket frame, record a complaint and see the hold and the denied contact, the worklist
/// in its documented order, the credit manager's charts, no axe-core violations and every control reached by Tab in
/// each view, and a token for tenant A never showing tenant B. Screenshots go to desk-screenshots/ beside the test assembly.
/// </summary>
public class DeskBrowserTests(DeskHostFixture host, ITestOutputHelper output) : IClassFixture<DeskHostFixture>
{
    private const string Policy = """
        client: { name: Webshop B.V. }
        ladder:
          - { id: reminder, after: P1D, kind: REMINDER, channel: EMAIL }
          - { id: letter, after: P7D, kind: FINAL_NOTICE, channel: LETTER }
        """;

    [Fact]
    public async Task An_agent_finds_a_customer_sees_a_push_arrive_live_records_a_complaint_and_works_the_worklist()
    {
        var (tenant, other) = (Sample.NewId("desk"), Sample.NewId("other"));
        var admin = AuthHostFixture.Token([tenant, other], "ingest", "read", "agent", "policy-admin", "operator");
        var agent = Journey.Api.Security.DevTokens.Mint(AuthHostFixture.Auth, [tenant], ["read", "agent", "ingest"], TimeSpan.FromHours(1), subject: "agent-anna");
        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        var headers = new Grpc.Core.Metadata { { "authorization", $"Bearer {admin}" } };
        await client.SetPolicyAsync(new SetPolicyRequest { Tenant = tenant, Document = Policy }, headers);

        // Anna owes one invoice; three others promised to pay: two promises are broken by now (the older first), one is due today.
        var now = DeskHostFixture.Start;
        async Task Push(string t, string customer, string suffix, TouchpointType type, string? caseId = null, string? amount = null, string? due = null, params (string, string)[] attributes)
        {
            var touchpoint = new Touchpoint { EventId = $"{customer}-{suffix}", Tenant = t, CustomerId = customer, CaseId = caseId ?? $"{customer}-inv", Type = type, OccurredAt = Domain.IsoTime.Format(now.AddDays(-20)) };
            if (amount is not null) (touchpoint.Amount, touchpoint.Currency) = (amount, "EUR");
            if (due is not null) touchpoint.DueDate = due;
            touchpoint.Attributes.AddRange(attributes.Select(a => new Journey.Api.V1.Attribute { Key = a.Item1, Value = a.Item2 }));
            Assert.False((await client.PushAsync(touchpoint, headers)).Duplicate);
        }

        var anna = Sample.NewId("anna");
        await Push(tenant, anna, "inv", TouchpointType.InvoiceIssued, amount: "120.00", due: "2026-06-01");
        var (broken1, broken2, due) = (Sample.NewId("b1"), Sample.NewId("b2"), Sample.NewId("d"));
        foreach (var (customer, promised) in new[] { (broken2, "2026-06-12"), (broken1, "2026-06-10"), (due, "2026-06-15") })
        {
            await Push(tenant, customer, "inv", TouchpointType.InvoiceIssued, amount: "80.00", due: "2026-06-01");
            await Push(tenant, customer, "promise", TouchpointType.PromiseToPay, amount: "80.00", due: promised);
        }

        // Anna's first reminder went out when the clock reached her due step; she has no e-mail address, so a connector
        // reported it failed with no-address, as connectors do.
        var reminder = (await client.GetCustomerAsync(new GetCustomerRequest { Tenant = tenant, CustomerId = anna }, headers)).Actions
            .Single(a => a.Kind == ActionKind.Reminder && a.Status == ActionStatus.Dispatched);
        await client.PushAsync(new Touchpoint
        {
            EventId = $"connector:{reminder.ActionId}:failed", Tenant = tenant, CustomerId = anna, Type = TouchpointType.MessageFailed, Channel = Channel.Email,
            ActionId = reminder.ActionId, OccurredAt = Domain.IsoTime.Format(now), Attributes = { new Journey.Api.V1.Attribute { Key = "reason", Value = "no-address" } },
        }, headers);

        var secret = Sample.NewId("secret-reason");
        var stranger = Sample.NewId("b-cust");
        await Push(other, stranger, "inv", TouchpointType.InvoiceIssued, amount: "999.00", due: "2026-06-01");
        await Push(other, stranger, "cmp", TouchpointType.ComplaintOpened, attributes: ("reason", secret));

        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "desk-screenshots")).FullName;
        var configuration = Path.Combine(Path.GetTempPath(), $"desk-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configuration, JsonSerializer.Serialize(new
        {
            url = $"http://127.0.0.1:{host.HttpPort}",
            chromium = "/usr/bin/chromium",
            profile = Directory.CreateTempSubdirectory("desk-chromium-").FullName,
            screenshots,
            tenant,
            token = agent,
            subject = "agent-anna",
            customer = anna,
            clockDay = "15 jun 2026",
            complaint = "lekkage in de badkamer",
            dispute = "bedrag klopt niet",
            worklist = new[] { new[] { "BROKEN_PROMISE", broken1 }, ["BROKEN_PROMISE", broken2], ["PROMISE_DUE", due] },

            // Four invoices due 1 June, read on 15 June: all four in 1–30 days past due; two promises broken, none kept.
            ageing = new[] { "1–30", "4" },
            promisesKept = "0,0 %",
            otherTenant = other,
            otherCustomer = stranger,
            otherSecret = secret,
        }));

        var info = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(Repository.Root, "tests", "Journey.Tests", "Desk", "desk.browser.cjs"));
        info.ArgumentList.Add(configuration);
        info.Environment["NODE_PATH"] = Path.Combine(Repository.Root, ".tools", "node_modules");
        using var browser = Process.Start(info)!;
        var errors = browser.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            while (await browser.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                lines.Add(line);
                output.WriteLine(line);
                if (line == "READY")
                {
                    var eventId = $"{anna}-live";
                    await client.PushAsync(new Touchpoint
                    {
                        EventId = eventId, Tenant = tenant, CustomerId = anna, Type = TouchpointType.WebVisit, Channel = Channel.Web,
                        OccurredAt = Domain.IsoTime.Format(now),
                    }, headers);
                    await browser.StandardInput.WriteLineAsync($"PUSHED {eventId}");
                    await browser.StandardInput.FlushAsync();
                }
            }

            await browser.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!browser.HasExited)
            {
                browser.Kill(entireProcessTree: true);
            }
        }

        Assert.True(lines.Contains("OK"), $"{string.Join("\n", lines)}\n{await errors}");
        Assert.Equal(0, browser.ExitCode);

        // The complaint landed once, on the same timeline every team reads, with the eventId the desk made for the form.
        var recorded = lines.Single(l => l.StartsWith("RECORDED ", StringComparison.Ordinal))["RECORDED ".Length..];
        var annaNow = await client.GetCustomerAsync(new GetCustomerRequest { Tenant = tenant, CustomerId = anna, TimelineLimit = 100 }, headers);
        var complaint = Assert.Single(annaNow.Timeline, t => t.Type == TouchpointType.ComplaintOpened);
        Assert.Equal((recorded, "lekkage in de badkamer"), (complaint.EventId, complaint.Attributes.Single(a => a.Key == "reason").Value));
        Assert.True(File.Exists(Path.Combine(screenshots, "customer.png")));
    }
}
