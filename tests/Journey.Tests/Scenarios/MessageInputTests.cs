using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using Journey.Messages;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.SimulatedHostFixture;
using static Journey.Tests.Scenarios.RuleScenarioTests;

namespace Journey.Tests.Scenarios;

/// <summary>Bad templates, bad contact details and bad payment callbacks are refused with the line or field named, and nothing is stored.</summary>
[Collection(SimulatedHostCollection.Name)]
public class MessageInputTests(SimulatedHostFixture host)
{
    private const string Good = "templates:\n  - { name: r, channel: SMS, language: nl, text: \"{{ total | money }}\" }\n";

    [Fact]
    public async Task A_template_with_an_unknown_variable_is_refused_with_its_line_and_the_version_in_force_stays()
    {
        var tenant = Sample.NewId("tpl");
        var set = await host.GraphQLDataAsync("mutation ($t: String!, $d: String!) { setTemplates(tenant: $t, document: $d) { version } }", new { t = tenant, d = Good });
        Assert.Equal(1, set["setTemplates"]!["version"]!.GetValue<int>());

        var bad = "templates:\n  - name: r\n    channel: SMS\n    language: nl\n    text: |\n      Beste {{ customer.name }},\n      u bent {{ customer.balance }} verschuldigd.\n";
        var refused = await host.GraphQLAsync("mutation ($t: String!, $d: String!) { setTemplates(tenant: $t, document: $d) { version } }", new { t = tenant, d = bad });
        var error = refused["errors"]!.AsArray().Single()!;
        Assert.Equal(("TEMPLATE_INVALID", 7, "templates[0].text"),
            (error["extensions"]!["code"]!.GetValue<string>(), error["extensions"]!["line"]!.GetValue<int>(), error["extensions"]!["path"]!.GetValue<string>()));
        Assert.Contains("customer.balance", error["message"]!.GetValue<string>());

        var client = new Journey.Api.V1.JourneyService.JourneyServiceClient(host.Grpc);
        var rpc = await Assert.ThrowsAsync<RpcException>(() => client.SetTemplatesAsync(new Journey.Api.V1.SetTemplatesRequest { Tenant = tenant, Document = bad }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Contains("document:7:templates[0].text", rpc.Status.Detail);

        var kept = await host.GraphQLDataAsync("query ($t: String!) { templates(tenant: $t) { version document } }", new { t = tenant });
        Assert.Equal((1, Good), (kept["templates"]!["version"]!.GetValue<int>(), kept["templates"]!["document"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Malformed_contact_details_are_refused_with_the_field_and_nothing_is_stored()
    {
        var (tenant, customer) = (Sample.NewId("shop"), Sample.NewId("c"));
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint(tenant, customer, "CONTACT_DETAILS_CHANGED", now, attributes: [("email", "c@example.org")]));
        foreach (var (key, value) in new[] { ("phone", "0612345678"), ("email", "not an address"), ("country", "XX"), ("language", "de") })
        {
            var refused = await host.GraphQLAsync("mutation ($input: TouchpointInput!) { recordTouchpoint(input: $input) { version } }",
                new { input = Touchpoint(tenant, customer, "CONTACT_DETAILS_CHANGED", now, attributes: [("name", "C"), (key, value)]) });
            var error = refused["errors"]!.AsArray().Single()!;
            Assert.Equal(("INVALID_ARGUMENT", "input.attributes[1].value"), (error["extensions"]!["code"]!.GetValue<string>(), error["extensions"]!["field"]!.GetValue<string>()));
            Assert.Contains($"'{key}'", error["message"]!.GetValue<string>());
        }

        var stored = await host.GraphQLDataAsync("query ($t: String!, $id: String!) { customer(tenant: $t, id: $id) { version timelineCount contact { name email phone } } }", new { t = tenant, id = customer });
        Assert.Equal((1, 1), (stored["customer"]!["version"]!.GetValue<int>(), stored["customer"]!["timelineCount"]!.GetValue<int>()));
        Assert.Equal(("c@example.org", null), (stored["customer"]!["contact"]!["email"]!.GetValue<string>(), stored["customer"]!["contact"]!["name"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Tampered_unsigned_stale_expired_and_replayed_payment_callbacks_are_refused_and_change_nothing()
    {
        var customer = Sample.NewId("c");
        var now = await host.NowAsync();
        await host.RecordAsync(Touchpoint("paylink", customer, "CONTACT_DETAILS_CHANGED", now, attributes: [("email", "c@example.org")]));
        await host.RecordAsync(Touchpoint("paylink", customer, "INVOICE_ISSUED", now, $"{customer}-1", 50m, Date(now.AddDays(-1))));
        var action = await Until.ValueAsync(async () => (await host.CustomerAsync("paylink", customer))!["actions"]!.AsArray()
            .FirstOrDefault(a => a!["status"]!.GetValue<string>() == "PLANNED"), TimeSpan.FromSeconds(30), "no step planned");
        var url = (await host.GraphQLDataAsync("query ($c: String!, $a: String!) { message(tenant: \"paylink\", customerId: $c, actionId: $a) { paymentUrl } }",
            new { c = customer, a = action["actionId"]!.GetValue<string>() }))["message"]!["paymentUrl"]!.GetValue<string>();
        var token = Uri.UnescapeDataString(url[(url.LastIndexOf('/') + 1)..]);
        var version = await VersionAsync(customer);
        var body = $$"""{"paymentId":"{{Sample.NewId("psp")}}","token":"{{token}}","amount":50.00,"currency":"EUR"}""";

        Assert.Equal(HttpStatusCode.Unauthorized, (await CallbackAsync(body, secret: "another-secret-0123456789")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallbackAsync(body, age: TimeSpan.FromHours(1))).StatusCode);
        var forged = PaymentLinks.Token(PaymentLinks.Read(token, PaymentSecret).Claims! with { Amount = 0.01m }, "not-the-secret-0123456789");
        var tampered = await CallbackAsync(body.Replace(token, forged, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal("token", JsonNode.Parse(await tampered.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
        Assert.Equal(version, await VersionAsync(customer));

        Assert.Equal(HttpStatusCode.OK, (await CallbackAsync(body)).StatusCode);
        var paid = await VersionAsync(customer);
        Assert.Equal(version + 1, paid);
        Assert.Equal(HttpStatusCode.Conflict, (await CallbackAsync(body)).StatusCode);
        Assert.Equal(paid, await VersionAsync(customer));

        // The link was valid for three days from the day its action was due: a week later it has expired.
        await host.AdvanceAsync(now.AddDays(10));
        var late = body.Replace("psp-", "psq-", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await CallbackAsync(late)).StatusCode);
        Assert.Equal(paid, await VersionAsync(customer));
    }

    private async Task<int> VersionAsync(string customer) => (await host.CustomerAsync("paylink", customer))!["version"]!.GetValue<int>();

    private async Task<HttpResponseMessage> CallbackAsync(string body, string secret = PaymentSecret, TimeSpan age = default)
    {
        var timestamp = (DateTimeOffset.UtcNow - age).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/payments/paylink/callback") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Journey-Timestamp", timestamp);
        request.Headers.Add("Journey-Signature", PaymentLinks.SignCallback(secret, timestamp, body));
        return await host.Http.SendAsync(request);
    }
}
