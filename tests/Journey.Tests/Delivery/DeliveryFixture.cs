using System.Globalization;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using Journey.Api.V1;
using Journey.Domain;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Delivery;

/// <summary>
/// The engine and its connectors as the README runs them, each in a process of its own: a silo on the simulated clock
/// (Monday 2 March 2026, 09:00) with the shipped policies and templates and payment links for webshop and housing,
/// and the connectors process sending e-mail to a real SMTP server on loopback, letters to a print folder, SMS to a
/// provider endpoint and webhooks to the tenant's receiver (both an HTTP server of the test's).
/// </summary>
public sealed class DeliveryFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));
    public const string Secret = "delivery-secret-0123456789";
    public const string Tenants = "webshop,housing,evening,bulk-mail,bulk-letter,bulk-sms";

    private readonly string _folder = Directory.CreateTempSubdirectory("journey-delivery-").FullName;
    private GrpcChannel? _channel;

    public SmtpSink Smtp { get; private set; } = null!;
    public HttpSink Sink { get; private set; } = null!;
    public SiloProcess Silo { get; private set; } = null!;
    public ConnectorsProcess Connectors { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public JourneyService.JourneyServiceClient Grpc { get; private set; } = null!;

    public string Letters => Path.Combine(_folder, "letters");

    public async Task InitializeAsync()
    {
        Smtp = SmtpSink.Start();
        Sink = await HttpSink.StartAsync();
        Silo = SiloProcess.Create(
            "--Journey:Clock=Simulated", $"--Journey:SimulatedStart={IsoTime.Format(Start)}",
            $"--Journey:Policies={Path.Combine(Repository.Root, "policies")}", $"--Journey:Templates={Path.Combine(Repository.Root, "templates")}",
            "--Journey:Payments:Tenants:webshop:Url=https://pay.example/webshop/{token}", $"--Journey:Payments:Tenants:webshop:Secret={Secret}",
            "--Journey:Payments:Tenants:housing:Url=https://pay.example/housing/{token}", $"--Journey:Payments:Tenants:housing:Secret={Secret}");
        await Silo.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Silo.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{Silo.GrpcPort}");
        Grpc = new JourneyService.JourneyServiceClient(_channel);
        Connectors = new ConnectorsProcess(
            $"--Connectors:Grpc=http://127.0.0.1:{Silo.GrpcPort}", $"--Connectors:Tenants={Tenants}",
            "--Connectors:Smtp:Host=127.0.0.1", $"--Connectors:Smtp:Port={Smtp.Port}", "--Connectors:Smtp:From=billing@journey.test",
            $"--Connectors:Letters:Folder={Letters}", $"--Connectors:Sms:Url={Sink.Url("/sms")}", $"--Connectors:Sms:Secret={Secret}",
            $"--Connectors:Webhooks:Url={Sink.Url("/hooks")}", $"--Connectors:Webhooks:Secret={Secret}",
            $"--Connectors:State={Path.Combine(_folder, "state")}", "--Connectors:ClockPoll=00:00:00.100");
        await Connectors.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Connectors.DisposeAsync();
        await Silo.DisposeAsync();
        await Sink.DisposeAsync();
        await Smtp.DisposeAsync();
        _channel?.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public Task<JsonNode> GraphQLDataAsync(string query, object? variables = null) => GraphQLRequests.DataAsync(Http, query, variables);

    public async Task AdvanceAsync(DateTimeOffset to) =>
        await GraphQLDataAsync("mutation ($to: String!) { advanceClock(to: $to) { now } }", new { to = IsoTime.Format(to) });

    public async Task<DateTimeOffset> NowAsync() =>
        DateTimeOffset.Parse((await GraphQLDataAsync("{ clock { now } }"))["clock"]!["now"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    public async Task RecordAsync(string tenant, string customer, string type, DateTimeOffset at, string? caseId = null, decimal? amount = null, string? dueDate = null,
        params (string Key, string Value)[] attributes)
    {
        var input = new JsonObject { ["eventId"] = Sample.NewId("e"), ["tenant"] = tenant, ["customerId"] = customer, ["type"] = type, ["occurredAt"] = IsoTime.Format(at) };
        if (caseId is not null) input["caseId"] = caseId;
        if (amount is not null) (input["amount"], input["currency"]) = (amount.Value, "EUR");
        if (dueDate is not null) input["dueDate"] = dueDate;
        if (attributes.Length > 0) input["attributes"] = new JsonArray([.. attributes.Select(a => new JsonObject { ["key"] = a.Key, ["value"] = a.Value })]);
        await GraphQLDataAsync("mutation ($input: TouchpointInput!) { recordTouchpoint(input: $input) { version } }", new { input });
    }

    /// <summary>A customer's actions (kind, channel, status, failure reason) and the newest touchpoints of the timeline.</summary>
    public async Task<JsonNode> CustomerAsync(string tenant, string customer) =>
        (await GraphQLDataAsync(
            """
            query ($tenant: String!, $id: String!) {
              customer(tenant: $tenant, id: $id) {
                version
                cases { id stage amountDue }
                actions { actionId kind channel status at sentAt failureReason sender senderName wkiNumber cases { caseId } }
                timeline(first: 20) { type occurredAt actionId attributes { key value } }
              }
            }
            """, new { tenant, id = customer }))["customer"]!;
}

/// <summary>
/// One engine and connectors for the tests that work from whatever day the clock shows (the sending moment, the kill);
/// the journey from 2 March has a fixture of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DeliveryCollection : ICollectionFixture<DeliveryFixture>
{
    public const string Name = "engine and connectors, from any day";
}

/// <summary>The connectors process (connectors/ build output), killed with SIGKILL and started again as a test asks.</summary>
public sealed class ConnectorsProcess(params string[] arguments) : IAsyncDisposable
{
    private readonly int _port = FreePorts.Take(1)[0];
    private ChildProcess? _process;

    public string Output => _process?.Output ?? "";

    public static string Assembly
    {
        get
        {
            var silo = Path.GetDirectoryName(SiloProcess.SiloAssembly)!;
            var path = silo.Replace($"{Path.DirectorySeparatorChar}silo{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}connectors{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
            return Path.Combine(path, "Journey.Connectors.dll");
        }
    }

    public async Task StartAsync()
    {
        _process = ChildProcess.Start("dotnet", [Assembly, $"--Connectors:HttpPort={_port}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Journey=Information", .. arguments],
            workingDirectory: Path.GetDirectoryName(Assembly));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Until.TrueAsync(async () => _process.HasExited ? throw new InvalidOperationException($"the connectors exited:\n{_process.Output}")
            : (await http.GetAsync($"http://127.0.0.1:{_port}/health/live")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the connectors did not start");
    }

    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>The connectors' counts (<c>GET /status</c>): queued, waiting for quiet hours to end, and outcomes per tenant and channel.</summary>
    public async Task<JsonObject> StatusAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{_port}/status"))!.AsObject();
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
