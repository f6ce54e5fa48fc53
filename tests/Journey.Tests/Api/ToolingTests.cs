using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Api;

/// <summary>What backend teams use around the gRPC contract: reflection, JSON transcoding, the health service, metrics.</summary>
[Collection(JourneyHostCollection.Name)]
public class ToolingTests(JourneyHostFixture host)
{
    [Fact]
    public async Task Reflection_lists_the_services()
    {
        var client = new ServerReflection.ServerReflectionClient(host.Grpc);
        using var call = client.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("journey.v1.JourneyService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task The_gRPC_health_service_answers_serving()
    {
        var response = await new Health.HealthClient(host.Grpc).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Curl_style_JSON_pushes_a_touchpoint_and_reads_the_customer()
    {
        var customer = Sample.NewId("c");
        using var push = await host.Http.PostAsJsonAsync("/v1/touchpoints", new
        {
            eventId = $"{customer}-inv",
            tenant = "webshop",
            customerId = customer,
            caseId = $"{customer}-case",
            type = "TOUCHPOINT_TYPE_INVOICE_ISSUED",
            occurredAt = "2026-03-02T10:00:00+01:00",
            amount = "100.00",
            currency = "EUR",
            dueDate = "2026-03-20",
        });
        Assert.Equal(HttpStatusCode.OK, push.StatusCode);
        var receipt = JsonNode.Parse(await push.Content.ReadAsStringAsync())!;
        Assert.Equal($"{customer}-inv", receipt["eventId"]!.GetValue<string>());

        var read = JsonNode.Parse(await host.Http.GetStringAsync($"/v1/tenants/webshop/customers/{customer}"))!;
        Assert.Equal("100.00", read["cases"]![0]!["amountDue"]!.GetValue<string>());

        using var bad = await host.Http.PostAsJsonAsync("/v1/touchpoints", new { eventId = "", tenant = "webshop", customerId = customer, type = "TOUCHPOINT_TYPE_WEB_VISIT", occurredAt = "yesterday" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("occurredAt", await bad.Content.ReadAsStringAsync());

        using var missing = await host.Http.GetAsync("/v1/tenants/webshop/customers/never-seen");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Metrics_show_touchpoints_by_type_and_outcome_in_Prometheus_format()
    {
        var customer = Sample.NewId("c");
        using (await host.Http.PostAsJsonAsync("/v1/touchpoints", new { eventId = $"{customer}-v", tenant = "webshop", customerId = customer, type = "TOUCHPOINT_TYPE_WEB_VISIT", occurredAt = "2026-03-02T10:00:00+01:00" }))
        {
        }

        var metrics = await Until.MatchAsync(() => host.Http.GetStringAsync("/metrics"), m => m.Contains("journey_touchpoints_total", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the touchpoint counter never appeared in /metrics", TimeSpan.FromMilliseconds(200));

        Assert.Contains("journey_touchpoints_total{", metrics);
        Assert.Contains("type=\"WEB_VISIT\"", metrics);
        Assert.Contains("journey_ingest_duration_milliseconds_bucket", metrics);
        Assert.Contains("journey_customers_resident", metrics);
    }
}

[Collection(JourneyHostCollection.Name)]
public class GraphiQLTests(JourneyHostFixture host)
{
    [Fact]
    public async Task Browsers_get_GraphiQL_at_graphql_served_from_the_silo_itself()
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        page.Headers.Accept.ParseAdd("text/html");
        using var response = await host.Http.SendAsync(page);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("GraphiQL", html);
        Assert.DoesNotContain("https://", html);
        foreach (var asset in new[] { "graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js" })
        {
            Assert.Contains($"/graphiql/{asset}", html);
            using var file = await host.Http.GetAsync($"/graphiql/{asset}");
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.True(file.Content.Headers.ContentLength > 1000, asset);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/graphiql/nothing.js")).StatusCode);
    }
}

[Collection(JourneyHostCollection.Name)]
public class TracingTests(JourneyHostFixture host)
{
    [Fact]
    public async Task Ingest_is_traced_from_the_API_through_the_grain_to_the_rules()
    {
        var spans = new System.Collections.Concurrent.ConcurrentBag<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            // Orleans carries the trace across grain calls through its own spans, so those are listened to as well.
            ShouldListenTo = source => source.Name == Journey.Abstractions.JourneyMetrics.MeterName || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var customer = Sample.NewId("c");

        await new JourneyService.JourneyServiceClient(host.Grpc).PushAsync(new Journey.Api.V1.Touchpoint
        {
            EventId = $"{customer}-t", Tenant = "webshop", CustomerId = customer, Type = TouchpointType.WebVisit, OccurredAt = "2026-03-02T10:00:00+01:00",
        });

        var grain = spans.Single(s => s.OperationName == "journey.customer.ingest" && s.GetTagItem("journey.customer") as string == $"webshop/{customer}");
        var ingest = spans.Single(s => s.OperationName == "journey.ingest" && s.TraceId == grain.TraceId);
        var decide = spans.Single(s => s.OperationName == "journey.rules.decide" && s.TraceId == grain.TraceId);
        Assert.Equal(grain.SpanId, decide.ParentSpanId);
        Assert.True(ingest.StartTimeUtc <= grain.StartTimeUtc);
    }
}
