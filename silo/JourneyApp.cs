using Journey.Api;

namespace Journey.Silo;

/// <summary>Builds the Journey host; Program.cs runs it, tests start it on free ports.</summary>
public static class JourneyApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddJourneySilo();
        builder.Services.AddJourneyApi();
        configure?.Invoke(builder);

        var app = builder.Build();
        if (app.Services.GetRequiredService<JourneyOptions>().HostRole == HostRole.All)
        {
            app.MapJourneyApi();
        }
        else
        {
            app.MapJourneyMetrics();
        }

        app.MapJourneyOperations();
        return app;
    }
}
