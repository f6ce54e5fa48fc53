using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Journey.Api.V1;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.Sample;

namespace Journey.Tests.Api;

/// <summary>
/// The two APIs show one shape per concept. For each query field of the served GraphQL schema, the
/// test either reads the same data through its gRPC counterpart and compares every field the two
/// share (by name; enums by value, money as decimals, proto defaults as absent), or finds the field in
/// the list of GraphQL-only reads with the reason. Fields of a compared type found in one API only
/// must be the ones listed below, each with its reason: a field added to one API and not the other,
/// or a value shown differently, fails here.
/// </summary>
[Collection(JourneyHostCollection.Name)]
public class ParityTests(JourneyHostFixture host)
{
    private static readonly Dictionary<string, string> GraphQLOnlyQueries = new(StringComparer.Ordinal)
    {
        ["segmentCounts"] = "tenant analytics for front-ends (segment sizes); backends segment in their own systems",
        ["segmentMembers"] = "tenant analytics for front-ends (paging a segment)",
        ["statistics"] = "tenant analytics for credit managers",
        ["worklist"] = "GetWorklist serves it over gRPC; the two are compared item by item in Scenarios.WorklistTests, where a list has items (this test's tenant has none)",
        ["experimentResults"] = "tenant analytics for credit managers",
        ["auditTrail"] = "read by people in a security review, on a screen; no backend acts on it",
        ["worklistWork"] = "GetWorklistWork serves it over gRPC; the two are compared in AuditTrailTests, where an agent has worked an item (this test's tenant has no worklist)",
        ["policyPreview"] = "read by id after previewPolicy; GetPolicyPreview serves it over gRPC but is not compared here, since a running preview's progress moves between two reads",
    };

    // Fields of a compared type served by one API only (type.field), with the reason.
    private static readonly Dictionary<string, string> OneSidedFields = new(StringComparer.Ordinal)
    {
        ["graphql:Customer.id"] = "the same key: GraphQL calls it id (as the query's argument), gRPC customer_id",
        ["grpc:Customer.customerId"] = "the same key: GraphQL calls it id",
        ["graphql:Case.id"] = "the same key: GraphQL calls it id (as the query's argument), gRPC case_id",
        ["grpc:Case.caseId"] = "the same key: GraphQL calls it id",
        ["grpc:Action.customerId"] = "on the actions feed (WatchActions) an action travels without its customer, so it carries the keys; GraphQL reads it under its customer",
        ["grpc:Action.tenant"] = "as customerId: the feed's actions carry their keys",
        ["graphql:Customer.decisions"] = "the decision log with the archive, for the agent's explanation screen; gRPC readers have actions and suppressed steps with their reasons",
        ["graphql:Customer.feedback"] = "NPS scores and non-payment reasons for front-ends; not served over gRPC (no backend reads them back)",
        ["graphql:Customer.risk"] = "the early-warning reading for agents' screens; not served over gRPC",
        ["graphql:Customer.segments"] = "segment memberships for front-ends; not served over gRPC",
        ["graphql:Customer.summary"] = "the situation in plain sentences for an agent's screen (the desk); backends read the state itself",
        ["graphql:Action.explanations"] = "reason labels for people reading a screen, from the domain's reason catalogue; connectors and backends read the reason ids",
    };

    // A field the proto names otherwise (type.field in GraphQL → the proto's JSON name), with the reason.
    private static readonly Dictionary<string, (string Proto, string Reason)> Renamed = new(StringComparer.Ordinal)
    {
        ["Customer.credits"] = ("creditsByPayment", "gRPC's credits were the sums per currency; a field's meaning is not changed in the proto, so the list per payment came as a new field and the sums are deprecated"),
    };

    // Values the two APIs show differently on purpose (path of the value), with the reason.
    private static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal)
    {
        ["Customer.cases.timeline"] = "gRPC's Customer leaves each case's timeline out (the customer's own timeline holds the same entries; GetCase serves a case's)",
    };

    [Fact]
    public async Task Every_GraphQL_query_field_is_served_alike_by_gRPC_or_listed_with_a_reason()
    {
        var (customer, caseId) = (NewId("par"), NewId("inv"));
        var client = new JourneyService.JourneyServiceClient(host.Grpc);
        await client.PushAsync(Pushed(customer, caseId, TouchpointType.InvoiceIssued, "100.00", "2026-03-15"));
        await client.PushAsync(Pushed(customer, caseId, TouchpointType.PaymentReceived, "40.00", null));
        await client.PushAsync(Pushed(customer, caseId, TouchpointType.ComplaintOpened, null, null, ("reason", "leak")));
        await client.PushAsync(Pushed(customer, "", TouchpointType.AppOpened, null, null));
        // More than is due, in two payments without a case: the surplus is the customer's credit.
        await client.PushAsync(Pushed(customer, "", TouchpointType.PaymentReceived, "80.00", null));
        await client.PushAsync(Pushed(customer, "", TouchpointType.PaymentReceived, "15.00", null));

        var schema = await GraphQLAsync(SchemaSelection.Introspection);
        var types = SchemaSelection.Types(schema);
        var queries = schema["__schema"]!["queryType"]!["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();

        var oneSided = new SortedSet<string>(StringComparer.Ordinal);
        var differences = new List<string>();
        var compared = new List<string>();
        foreach (var query in queries)
        {
            switch (query)
            {
                case "customer":
                    var graph = await GraphQLAsync($$"""{ customer(tenant: "webshop", id: "{{customer}}") {{SchemaSelection.Of(types, "Customer")}} }""");
                    Compare("Customer", graph["customer"]!, await client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer, TimelineLimit = 1000 }), types, oneSided, differences);
                    break;
                case "case":
                    graph = await GraphQLAsync($$"""{ case(tenant: "webshop", id: "{{caseId}}") {{SchemaSelection.Of(types, "Case")}} }""");
                    Compare("Case", graph["case"]!, await client.GetCaseAsync(new GetCaseRequest { Tenant = "webshop", CaseId = caseId }), types, oneSided, differences);
                    break;
                case "exportCustomer":
                    var exported = (await GraphQLAsync($$"""{ exportCustomer(tenant: "webshop", id: "{{customer}}") }"""))["exportCustomer"]!.GetValue<string>();
                    var exportedRpc = (await client.ExportCustomerAsync(new ExportCustomerRequest { Tenant = "webshop", CustomerId = customer })).Json;
                    // The documents differ only in the moment each was made.
                    var (document, documentRpc) = (JsonNode.Parse(exported)!.AsObject(), JsonNode.Parse(exportedRpc)!.AsObject());
                    Assert.True(document.Remove("exportedAt") && documentRpc.Remove("exportedAt"));
                    if (!JsonNode.DeepEquals(document, documentRpc))
                    {
                        differences.Add("exportCustomer: the two documents differ");
                    }

                    break;
                case "policy":
                    // A tenant of its own, so the shared host's other tests keep their policies.
                    var tenant = NewId("parity");
                    await client.SetPolicyAsync(new SetPolicyRequest { Tenant = tenant, Document = TestPolicies.RemindersAtAnyHour("Parity", ("reminder-1", "P3D")) });
                    graph = await GraphQLAsync($$"""{ policy(tenant: "{{tenant}}") { version document } }""");
                    var policy = await client.GetPolicyAsync(new GetPolicyRequest { Tenant = tenant });
                    if (graph["policy"]!["version"]!.GetValue<int>() != policy.Version || graph["policy"]!["document"]!.GetValue<string>() != policy.Document)
                    {
                        differences.Add("policy: version or document differ");
                    }

                    break;
                case "templates":
                    var templated = NewId("parity");
                    await client.SetTemplatesAsync(new SetTemplatesRequest { Tenant = templated, Document = "templates:\n  - { name: r, channel: SMS, language: nl, text: \"{{ total | money }}\" }\n" });
                    graph = await GraphQLAsync($$"""{ templates(tenant: "{{templated}}") { version document } }""");
                    var templates = await client.GetTemplatesAsync(new GetTemplatesRequest { Tenant = templated });
                    if (graph["templates"]!["version"]!.GetValue<int>() != templates.Version || graph["templates"]!["document"]!.GetValue<string>() != templates.Document)
                    {
                        differences.Add("templates: version or document differ");
                    }

                    break;
                case "message":
                    // The same action rendered by both APIs: the same words, the same send moment and failure.
                    var actionId = (await client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = customer })).Actions.Select(a => a.ActionId).FirstOrDefault()
                        ?? NullIfEmpty((await client.RequestContactAsync(new ContactRequest { Tenant = "webshop", CustomerId = customer, Team = Team.Sales, Channel = Channel.Email, Purpose = "parity" })).ActionId);
                    if (actionId is null)
                    {
                        differences.Add("message: the customer has no action to render");
                        break;
                    }

                    graph = await GraphQLAsync($$"""{ message(tenant: "webshop", customerId: "{{customer}}", actionId: "{{actionId}}") { subject text failure sendFrom } }""");
                    var rendered = await client.RenderMessageAsync(new RenderMessageRequest { Tenant = "webshop", CustomerId = customer, ActionId = actionId });
                    if ((graph["message"]!["subject"]?.GetValue<string>() ?? "", graph["message"]!["text"]?.GetValue<string>() ?? "", graph["message"]!["failure"]?.GetValue<string>() ?? "")
                        != (rendered.Subject, rendered.Text, rendered.Failure))
                    {
                        differences.Add("message: subject, text or failure differ");
                    }

                    break;
                case "customerIds":
                    // A customer is listed by the effects that follow its first write.
                    await Until.TrueAsync(async () => (await client.ListCustomersAsync(new ListCustomersRequest { Tenant = "webshop", First = 5000 })).CustomerIds.Contains(customer),
                        TimeSpan.FromSeconds(30), "the customer was never listed");
                    graph = await GraphQLAsync("""{ customerIds(tenant: "webshop", first: 5000) { ids } }""");
                    var listed = await client.ListCustomersAsync(new ListCustomersRequest { Tenant = "webshop", First = 5000 });
                    var graphIds = graph["customerIds"]!["ids"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
                    if (!graphIds.SequenceEqual(listed.CustomerIds) || !graphIds.Contains(customer))
                    {
                        differences.Add("customerIds: the pages differ or miss the customer");
                    }

                    break;
                case "receivables":
                    graph = await GraphQLAsync("""{ receivables(tenant: "webshop") { open overdue ageing { bucket amount count } dso promisesKept forecast { weekStart expected received } } }""");
                    var figures = await client.GetReceivablesAsync(new ReceivablesRequest { Tenant = "webshop" });
                    var graphFigures = graph["receivables"]!;
                    string Rows(IEnumerable<string> rows) => string.Join(";", rows);
                    if ((graphFigures["open"]!.GetValue<decimal>(), graphFigures["overdue"]!.GetValue<decimal>(), graphFigures["dso"]?.GetValue<double>(), graphFigures["promisesKept"]!.GetValue<int>())
                        != (decimal.Parse(figures.Open, CultureInfo.InvariantCulture), decimal.Parse(figures.Overdue, CultureInfo.InvariantCulture), figures.HasDso ? figures.Dso : null, figures.PromisesKept)
                        || Rows(graphFigures["ageing"]!.AsArray().Select(r => $"{r!["bucket"]} {r["amount"]!.GetValue<decimal>()} {r["count"]}")) != Rows(figures.Ageing.Select(r => $"{r.Bucket} {decimal.Parse(r.Amount, CultureInfo.InvariantCulture)} {r.Count}"))
                        || Rows(graphFigures["forecast"]!.AsArray().Select(w => $"{w!["weekStart"]} {w["expected"]!.GetValue<decimal>()} {w["received"]!.GetValue<decimal>()}"))
                            != Rows(figures.Forecast.Select(w => $"{w.WeekStart} {decimal.Parse(w.Expected, CultureInfo.InvariantCulture)} {decimal.Parse(w.Received, CultureInfo.InvariantCulture)}")))
                    {
                        differences.Add("receivables: the figures differ");
                    }

                    break;
                case "clock":
                    graph = await GraphQLAsync("{ clock { mode } }");
                    var clock = await client.GetClockAsync(new GetClockRequest());
                    if (graph["clock"]!["mode"]!.GetValue<string>() != clock.Mode)
                    {
                        differences.Add($"clock.mode: {graph["clock"]!["mode"]} against {clock.Mode}");
                    }

                    break;
                default:
                    Assert.True(GraphQLOnlyQueries.ContainsKey(query), $"the GraphQL query field '{query}' has no gRPC counterpart in this test and no reason listed");
                    continue;
            }

            compared.Add(query);
        }

        Assert.Empty(differences);

        // The comparison can fail: one customer's GraphQL reading against another's gRPC reading differs.
        var otherCustomer = NewId("par");
        await client.PushAsync(Pushed(otherCustomer, NewId("inv"), TouchpointType.InvoiceIssued, "75.00", "2026-03-20"));
        var mismatched = new List<string>();
        Compare("Customer", (await GraphQLAsync($$"""{ customer(tenant: "webshop", id: "{{customer}}") {{SchemaSelection.Of(types, "Customer")}} }"""))["customer"]!,
            await client.GetCustomerAsync(new GetCustomerRequest { Tenant = "webshop", CustomerId = otherCustomer, TimelineLimit = 1000 }), types, new SortedSet<string>(), mismatched);
        Assert.Contains(mismatched, d => d.StartsWith("Customer.version", StringComparison.Ordinal));
        Assert.Contains(mismatched, d => d.StartsWith("Customer.timeline", StringComparison.Ordinal));
        Assert.True(OneSidedFields.Keys.Order(StringComparer.Ordinal).SequenceEqual(oneSided), "fields in one API only: " + string.Join(", ", oneSided));
        Assert.Equal(["case", "clock", "customer", "customerIds", "exportCustomer", "message", "policy", "receivables", "templates"], compared.Order(StringComparer.Ordinal));
        Assert.Empty(GraphQLOnlyQueries.Keys.Except(queries));
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static void Compare(string type, JsonNode graph, IMessage message, Dictionary<string, JsonNode> types, ISet<string> oneSided, List<string> differences) =>
        Compare(type, type, graph, Json(message), message.Descriptor, types, oneSided, differences);

    /// <summary>Field by field, by name; which fields the proto message has comes from its descriptor (an unset message field is absent from its JSON).</summary>
    private static void Compare(string path, string type, JsonNode graph, JsonNode rpc, Google.Protobuf.Reflection.MessageDescriptor descriptor,
        Dictionary<string, JsonNode> types, ISet<string> oneSided, List<string> differences)
    {
        var graphFields = types[type]["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => SchemaSelection.NamedType(f!["type"]!));
        var protoFields = descriptor.Fields.InDeclarationOrder().ToDictionary(f => f.JsonName, StringComparer.Ordinal);
        foreach (var (graphName, value) in graph.AsObject())
        {
            var name = Renamed.TryGetValue($"{type}.{graphName}", out var renamed) ? renamed.Proto : graphName;
            if (!protoFields.TryGetValue(name, out var field))
            {
                oneSided.Add($"graphql:{type}.{graphName}");
                continue;
            }

            if (KnownDifferences.ContainsKey($"{path}.{graphName}"))
            {
                continue;
            }

            var other = rpc[name];
            var nested = field.FieldType == Google.Protobuf.Reflection.FieldType.Message ? field.MessageType : null;
            CompareValue($"{path}.{graphName}", graphFields[graphName], value, other, nested, types, oneSided, differences);
        }

        var compared = graphFields.Keys.Select(f => Renamed.TryGetValue($"{type}.{f}", out var r) ? r.Proto : f).ToHashSet(StringComparer.Ordinal);
        foreach (var name in protoFields.Keys.Where(name => !compared.Contains(name) && !graphFields.ContainsKey(name)))
        {
            oneSided.Add($"grpc:{type}.{name}");
        }
    }

    private static void CompareValue(string path, string graphType, JsonNode? graph, JsonNode? rpc, Google.Protobuf.Reflection.MessageDescriptor? nested,
        Dictionary<string, JsonNode> types, ISet<string> oneSided, List<string> differences)
    {
        if (graph is JsonArray graphList)
        {
            var rpcList = rpc as JsonArray ?? [];
            if (graphList.Count != rpcList.Count)
            {
                differences.Add($"{path}: {graphList.Count} items against {rpcList.Count}");
                return;
            }

            for (var i = 0; i < graphList.Count; i++)
            {
                CompareValue(path, graphType, graphList[i], rpcList[i], nested, types, oneSided, differences);
            }

            return;
        }

        if (graph is JsonObject)
        {
            if (rpc is JsonObject && nested is not null)
            {
                Compare(path, graphType, graph, rpc, nested, types, oneSided, differences);
            }
            else
            {
                differences.Add($"{path}: an object against {rpc?.ToJsonString() ?? "nothing"}");
            }

            return;
        }

        if (graph is null && rpc is JsonObject)
        {
            differences.Add($"{path}: null against {rpc.ToJsonString()}");
        }
        else if (!SameScalar(graph, rpc))
        {
            differences.Add($"{path}: {graph?.ToJsonString() ?? "null"} against {rpc?.ToJsonString() ?? "nothing"}");
        }
    }

    /// <summary>Equal as the two wire formats write one value: enum names with or without the proto's prefix, money as decimals, null as the proto default.</summary>
    private static bool SameScalar(JsonNode? graph, JsonNode? rpc)
    {
        var rpcText = rpc?.ToString();
        if (graph is null)
        {
            return rpc is null || rpcText is "" or "0" or "false" || rpcText!.EndsWith("_UNSPECIFIED", StringComparison.Ordinal);
        }

        var graphText = graph.GetValueKind() == System.Text.Json.JsonValueKind.String ? graph.GetValue<string>() : graph.ToJsonString();
        if (rpcText is null)
        {
            return graphText is "" or "0" or "false" or "[]";
        }

        if (graphText == rpcText || rpcText.EndsWith("_" + graphText, StringComparison.Ordinal))
        {
            return true;
        }

        return decimal.TryParse(graphText, NumberStyles.Number, CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(rpcText, NumberStyles.Number, CultureInfo.InvariantCulture, out var b) && a == b;
    }

    private static JsonNode Json(IMessage message) =>
        JsonNode.Parse(new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(true)).Format(message))!;

    private static Journey.Api.V1.Touchpoint Pushed(string customer, string caseId, TouchpointType type, string? amount, string? dueDate, params (string Key, string Value)[] attributes)
    {
        var message = new Journey.Api.V1.Touchpoint
        {
            EventId = NewId("e"),
            Tenant = "webshop",
            CustomerId = customer,
            CaseId = caseId,
            Type = type,
            OccurredAt = "2026-03-02T10:00:00+01:00",
            Amount = amount ?? "",
            Currency = amount is null ? "" : "EUR",
            DueDate = dueDate ?? "",
        };
        message.Attributes.AddRange(attributes.Select(a => new Journey.Api.V1.Attribute { Key = a.Key, Value = a.Value }));
        return message;
    }

    private async Task<JsonNode> GraphQLAsync(string query)
    {
        using var response = await host.Http.PostAsJsonAsync("/graphql", new { query });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["errors"] is null, body.ToJsonString());
        return body["data"]!;
    }
}
