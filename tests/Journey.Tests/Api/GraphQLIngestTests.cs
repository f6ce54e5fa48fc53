using System.Net;
using System.Text.Json.Nodes;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.Sample;

namespace Journey.Tests.Api;

[Collection(JourneyHostCollection.Name)]
public sealed class GraphQLIngestTests(JourneyHostFixture host) : GraphQLIngestContract(host);

/// <summary>The same tests through an API host (Journey:Role=Api) in front of two silo processes.</summary>
[Collection(ApiHostClusterCollection.Name)]
public sealed class GraphQLIngestThroughApiHostTests(ApiHostClusterFixture host) : GraphQLIngestContract(host);

public abstract class GraphQLIngestContract(IJourneyEndpoints host)
{
    private const string Record = """
        mutation ($input: TouchpointInput!) { recordTouchpoint(input: $input) { eventId duplicate version } }
        """;

    private const string ReadCustomer = """
        query ($tenant: String!, $id: String!) {
          customer(tenant: $tenant, id: $id) {
            id version timelineCount
            timeline { eventId type occurredAt amount }
            holds { holdId kind reason caseId }
            cases { id stage amountDue amountPaid onHold holdReason }
          }
        }
        """;

    private const string ReadCase = """
        query ($tenant: String!, $id: String!) {
          case(tenant: $tenant, id: $id) { id customerId stage amountInvoiced amountPaid amountDue overpaid dueDate onHold holdReason timeline { eventId } }
        }
        """;

    [Fact]
    public async Task Invoice_payment_and_complaint_through_GraphQL()
    {
        var (customer, caseId) = (NewId("c"), NewId("inv"));

        await RecordAsync(Input(customer, "INVOICE_ISSUED", caseId: caseId, amount: 100.00m, dueDate: "2026-03-15"));
        await RecordAsync(Input(customer, "PAYMENT_RECEIVED", caseId: caseId, amount: 40.00m));

        var @case = (await host.GraphQLDataAsync(ReadCase, new { tenant = "webshop", id = caseId }))["case"]!;
        Assert.Equal(60.00m, @case["amountDue"]!.GetValue<decimal>());
        Assert.Equal("60.00", @case["amountDue"]!.ToJsonString());
        Assert.Equal(customer, @case["customerId"]!.GetValue<string>());
        Assert.False(@case["onHold"]!.GetValue<bool>());

        await RecordAsync(Input(customer, "COMPLAINT_OPENED", caseId: caseId, eventId: "cmp-" + caseId, attributes: [("reason", "leak in the kitchen")]));
        @case = (await host.GraphQLDataAsync(ReadCase, new { tenant = "webshop", id = caseId }))["case"]!;
        Assert.True(@case["onHold"]!.GetValue<bool>());
        Assert.Equal("leak in the kitchen", @case["holdReason"]!.GetValue<string>());

        await RecordAsync(Input(customer, "COMPLAINT_RESOLVED", caseId: caseId, attributes: [("reference", "cmp-" + caseId)]));
        var read = (await host.GraphQLDataAsync(ReadCustomer, new { tenant = "webshop", id = customer }))["customer"]!;
        Assert.False(read["cases"]![0]!["onHold"]!.GetValue<bool>());
        Assert.Null(read["cases"]![0]!["holdReason"]);
        Assert.Empty(read["holds"]!.AsArray());
        Assert.Equal(4, read["version"]!.GetValue<int>());
        Assert.Equal(4, read["timeline"]!.AsArray().Count);
    }

    [Fact]
    public async Task Same_event_id_twice_has_one_effect_and_the_second_receipt_says_duplicate()
    {
        var (customer, caseId) = (NewId("c"), NewId("inv"));
        await RecordAsync(Input(customer, "INVOICE_ISSUED", caseId: caseId, amount: 100m, dueDate: "2026-03-15"));
        var payment = Input(customer, "PAYMENT_RECEIVED", caseId: caseId, amount: 40m, eventId: "pay-" + caseId);

        var first = await RecordAsync(payment);
        var second = await RecordAsync(payment);
        await host.DeactivateAllAsync();
        var third = await RecordAsync(payment);

        Assert.False(first["duplicate"]!.GetValue<bool>());
        Assert.True(second["duplicate"]!.GetValue<bool>());
        Assert.True(third["duplicate"]!.GetValue<bool>());
        var read = (await host.GraphQLDataAsync(ReadCustomer, new { tenant = "webshop", id = customer }))["customer"]!;
        Assert.Equal((2, 2, 60m), (read["version"]!.GetValue<int>(), read["timelineCount"]!.GetValue<int>(), read["cases"]![0]!["amountDue"]!.GetValue<decimal>()));
    }

    [Theory]
    [InlineData("eventId", "", "input.eventId")]
    [InlineData("occurredAt", "2026-03-02T10:00:00", "input.occurredAt")]
    [InlineData("occurredAt", "tomorrow", "input.occurredAt")]
    [InlineData("currency", "EUX", "input.currency")]
    [InlineData("customerId", " ", "input.customerId")]
    [InlineData("tenant", "Web/Shop", "input.tenant")]
    public async Task Invalid_input_is_a_field_error_with_a_path_and_changes_nothing(string field, string value, string expectedField)
    {
        var (customer, caseId) = (NewId("c"), NewId("inv"));
        await RecordAsync(Input(customer, "INVOICE_ISSUED", caseId: caseId, amount: 100m, dueDate: "2026-03-15"));
        var before = await host.GraphQLDataAsync(ReadCustomer, new { tenant = "webshop", id = customer });

        var bad = Input(customer, "PAYMENT_RECEIVED", caseId: caseId, amount: 40m);
        bad[field] = value;
        var result = await host.GraphQLAsync(Record, new { input = bad });

        var error = result["errors"]!.AsArray().First(e => e!["extensions"]!["field"]!.GetValue<string>() == expectedField)!;
        Assert.Equal("INVALID_ARGUMENT", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("recordTouchpoint", error["path"]![0]!.GetValue<string>());
        Assert.Null(result["data"]!["recordTouchpoint"]);
        var after = await host.GraphQLDataAsync(ReadCustomer, new { tenant = "webshop", id = customer });
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task Negative_amount_and_unknown_type_are_refused()
    {
        var customer = NewId("c");
        var negative = await host.GraphQLAsync(Record, new { input = Input(customer, "PAYMENT_RECEIVED", amount: -5m) });
        var unknownType = await host.GraphQLAsync(Record, new { input = Input(customer, "PAYMENT_SENT", amount: 5m) });
        var notANumber = await host.GraphQLAsync(Record, new { input = new JsonObject(Input(customer, "PAYMENT_RECEIVED").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))) { ["amount"] = "ten" } });

        Assert.Equal("input.amount", negative["errors"]![0]!["extensions"]!["field"]!.GetValue<string>());
        Assert.NotNull(unknownType["errors"]);
        Assert.Contains("PAYMENT_SENT", unknownType["errors"]![0]!["message"]!.GetValue<string>());
        Assert.NotNull(notANumber["errors"]);
        Assert.Null((await host.GraphQLDataAsync(ReadCustomer, new { tenant = "webshop", id = customer }))["customer"]);
    }

    [Fact]
    public async Task Unknown_customer_and_case_are_null()
    {
        var data = await host.GraphQLDataAsync(
            "{ customer(tenant: \"webshop\", id: \"never-seen\") { version } case(tenant: \"webshop\", id: \"never-seen\") { stage } }");

        Assert.Null(data["customer"]);
        Assert.Null(data["case"]);
    }

    [Fact]
    public async Task Timeline_pages_newest_first_with_first_and_before()
    {
        var customer = NewId("c");
        for (var i = 0; i < 5; i++)
        {
            await RecordAsync(Input(customer, "WEB_VISIT", eventId: $"{customer}-{i}", occurredAt: Start.AddHours(i).ToString("yyyy-MM-dd'T'HH:mm:sszzz")));
        }

        var query = "query ($id: String!, $before: String) { customer(tenant: \"webshop\", id: $id) { timeline(first: 2, before: $before) { eventId } } }";
        var firstPage = (await host.GraphQLDataAsync(query, new { id = customer }))["customer"]!["timeline"]!.AsArray().Select(e => e!["eventId"]!.GetValue<string>()).ToList();
        var secondPage = (await host.GraphQLDataAsync(query, new { id = customer, before = firstPage[^1] }))["customer"]!["timeline"]!.AsArray().Select(e => e!["eventId"]!.GetValue<string>()).ToList();

        Assert.Equal([$"{customer}-4", $"{customer}-3"], firstPage);
        Assert.Equal([$"{customer}-2", $"{customer}-1"], secondPage);
    }

    [Theory]
    [InlineData("query { customer(tenant: \"Not a tenant\", id: \"c-1\") { id } }", "customer", "tenant")]
    [InlineData("query { customer(tenant: \"webshop\", id: \" \") { id } }", "customer", "id")]
    [InlineData("query { case(tenant: \"webshop\", id: \"\") { id } }", "case", "id")]
    [InlineData("query { exportCustomer(tenant: \"UPPER\", id: \"c-1\") }", "exportCustomer", "tenant")]
    [InlineData("mutation { eraseCustomer(tenant: \"webshop\", id: \"\") { erased } }", "eraseCustomer", "id")]
    [InlineData("mutation { requestContact(tenant: \"webshop\", customerId: \"\", team: SALES, channel: EMAIL, purpose: \"offer\") { outcome } }", "requestContact", "customerId")]
    public async Task A_lookup_with_a_bad_key_is_an_INVALID_ARGUMENT_naming_the_argument_at_its_path(string document, string root, string argument)
    {
        var result = await host.GraphQLAsync(document);

        // A root that cannot be null also reports that null (GraphQL's own error); the argument's error is the one with a code.
        var error = Assert.Single(result["errors"]!.AsArray(), e => e!["extensions"]?["code"]?.GetValue<string>() == "INVALID_ARGUMENT")!;
        Assert.Equal(("INVALID_ARGUMENT", argument), (error["extensions"]!["code"]!.GetValue<string>(), error["extensions"]!["field"]!.GetValue<string>()));
        Assert.Equal(root, error["path"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_that_is_not_a_GraphQL_request_is_a_bad_request()
    {
        using var response = await host.Http.PostAsync("/graphql", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("BAD_REQUEST", await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> RecordAsync(JsonObject input) =>
        (await host.GraphQLDataAsync(Record, new { input }))["recordTouchpoint"]!;

    private static JsonObject Input(
        string customer, string type, string? caseId = null, decimal? amount = null, string? dueDate = null, string? eventId = null,
        string occurredAt = "2026-03-02T10:00:00+01:00", (string Key, string Value)[]? attributes = null)
    {
        var input = new JsonObject
        {
            ["eventId"] = eventId ?? NewId("e"),
            ["tenant"] = "webshop",
            ["customerId"] = customer,
            ["type"] = type,
            ["occurredAt"] = occurredAt,
        };
        if (caseId is not null) input["caseId"] = caseId;
        if (amount is not null) (input["amount"], input["currency"]) = (amount.Value, "EUR");
        if (dueDate is not null) input["dueDate"] = dueDate;
        if (attributes is not null) input["attributes"] = new JsonArray([.. attributes.Select(a => new JsonObject { ["key"] = a.Key, ["value"] = a.Value })]);
        return input;
    }
}
