using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>The channel that works for a customer is used first, through the public API on the simulated clock.</summary>
[Collection(SimulatedHostCollection.Name)]
public class ChannelLearningTests(SimulatedHostFixture host)
{
    [Fact]
    public async Task A_customer_who_paid_twice_after_letters_gets_the_letter_step_earlier_next_time()
    {
        var (tenant, learner, newcomer) = (Sample.NewId("shop"), Sample.NewId("c"), Sample.NewId("c"));
        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        await client.SetPolicyAsync(new SetPolicyRequest { Tenant = tenant, Document = Policies.Webshop() + "\nchannelLearning:\n  minPayments: 2\n" });

        foreach (var order in new[] { "order-1", "order-2" })
        {
            var issued = await host.NowAsync();
            await host.RecordAsync(Touchpoint(tenant, learner, "INVOICE_ISSUED", issued, order, 100m, Date(issued)));
            await client.AdvanceClockAsync(new AdvanceClockRequest { To = Domain.IsoTime.Format(issued.AddDays(18)) });
            var letter = (await host.CustomerAsync(tenant, learner))!["actions"]!.AsArray()
                .Single(a => a!["caseId"]!.GetValue<string>() == order && a["stepId"]?.GetValue<string>() == "letter");
            Assert.Equal("DISPATCHED", letter!["status"]!.GetValue<string>());
            await host.RecordAsync(Touchpoint(tenant, learner, "PAYMENT_RECEIVED", await host.NowAsync(), order, 100m));
        }

        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, learner, "INVOICE_ISSUED", now, "order-3", 100m, Date(now)));
        await host.RecordAsync(Touchpoint(tenant, newcomer, "INVOICE_ISSUED", now, "order-9", 100m, Date(now)));
        await client.AdvanceClockAsync(new AdvanceClockRequest { To = Domain.IsoTime.Format(now.AddDays(10)) });

        var learned = (await host.CustomerAsync(tenant, learner))!;
        var usual = (await host.CustomerAsync(tenant, newcomer))!;
        var firstForLearner = learned["actions"]!.AsArray().First(a => a!["caseId"]!.GetValue<string>() == "order-3")!;
        Assert.Equal(("letter", "LETTER", "DISPATCHED"), (firstForLearner["stepId"]!.GetValue<string>(), firstForLearner["channel"]!.GetValue<string>(), firstForLearner["status"]!.GetValue<string>()));
        Assert.Contains(learned["suppressed"]!.AsArray(), a => a!["caseId"]!.GetValue<string>() == "order-3"
            && a["reasons"]!.AsArray().Any(r => r!.GetValue<string>() == "learning.pays-after:LETTER"));
        Assert.Equal(["reminder-1", "reminder-2"], usual["actions"]!.AsArray().Select(a => a!["stepId"]?.GetValue<string>()).Take(2));
        Assert.DoesNotContain(usual["actions"]!.AsArray(), a => a!["stepId"]?.GetValue<string>() == "letter" && a["status"]!.GetValue<string>() == "DISPATCHED");
    }
}
