using Journey.Api.Hosting;
using Journey.Api.Security;
using Journey.Silo;

try
{
    if (args is ["token", ..])
    {
        return DevToken.Print(args[1..]);
    }

    await JourneyApp.Build(args).RunAsync();
}
catch (JourneyConfigurationException exception)
{
    await Console.Error.WriteLineAsync($"Journey cannot start: {exception.Message}");
    return 2;
}

return 0;
