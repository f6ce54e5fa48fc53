using Journey.Api.Hosting;

// The API host apart from the silos (Journey:Role=Api unless configured otherwise).
try
{
    await JourneyApiHost.Build(["--Journey:Role=Api", .. args]).RunAsync();
}
catch (JourneyConfigurationException exception)
{
    await Console.Error.WriteLineAsync($"Journey cannot start: {exception.Message}");
    return 2;
}

return 0;
