using Journey.Silo;

try
{
    await JourneyApp.Build(args).RunAsync();
}
catch (JourneyConfigurationException exception)
{
    await Console.Error.WriteLineAsync($"Journey cannot start: {exception.Message}");
    return 2;
}

return 0;
