using Journey.Api;
using Journey.Api.Hosting;

namespace Journey.Silo;

/// <summary>Builds the Journey host; Program.cs runs it, tests start it on free ports.</summary>
public static class JourneyApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = JourneyOptions.Load(builder.Configuration);
        if (options.Role == HostRole.Api)
        {
            // The API host of the api project's executable, started from here (that executable also leaves the grains unloaded).
            return JourneyApiHost.Build(builder, options, configure);
        }

        builder.AddJourneySilo(options);
        builder.Services.AddJourneyApi();
        configure?.Invoke(builder);

        var app = builder.Build();
        if (app.Services.GetRequiredService<JourneyOptions>().Role == HostRole.All)
        {
            app.MapJourneyApi();
        }
        else
        {
            app.MapJourneyMetrics();
        }

        app.MapJourneySiloOperations();
        return app;
    }
}
