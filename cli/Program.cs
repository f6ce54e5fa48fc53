using System.CommandLine;
using Grpc.Core;
using Journey.Cli;

// dotnet run --project cli -- <import-open-items|import-camt053|reconcile> --tenant T --file F [--grpc URL]
var root = new RootCommand("Journey's command-line tool: onboarding from files, bank statements, reconciliation with the ledger")
{
    ImportOpenItemsCommand.Create(),
    ImportCamt053Command.Create(),
    ReconcileCommand.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync();
}
catch (RpcException exception)
{
    await Console.Error.WriteLineAsync($"journey: the engine answered {exception.StatusCode}: {exception.Status.Detail}");
    return Common.Failed;
}
catch (Exception exception) when (exception is IOException or System.Xml.XmlException or UnauthorizedAccessException or NodaTime.TimeZones.DateTimeZoneNotFoundException)
{
    await Console.Error.WriteLineAsync($"journey: {exception.Message}");
    return Common.Failed;
}
