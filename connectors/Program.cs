using System.Net;
using Journey.Connectors;
using Microsoft.Extensions.Options;

// dotnet run --project connectors -- --Connectors:Tenants=webshop --Connectors:Smtp:Host=127.0.0.1 --Connectors:Letters:Folder=print
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddJourneyConnectors();
var settings = builder.Configuration.GetSection(ConnectorOptions.Section).Get<ConnectorOptions>() ?? new ConnectorOptions();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.TryParse(settings.BindAddress, out var address) ? address : IPAddress.Loopback, settings.HttpPort));

var app = builder.Build();
app.MapPost("/sms/receipts", SmsReceipts.HandleAsync);
app.MapGet("/status", (ConnectorStatus status) => Results.Json(status.Snapshot()));
app.MapGet("/health/live", () => Results.Text("ok"));

try
{
    await app.RunAsync();
}
catch (OptionsValidationException exception)
{
    await Console.Error.WriteLineAsync($"Journey connectors cannot start: {string.Join("; ", exception.Failures)}");
    return 2;
}

return 0;
