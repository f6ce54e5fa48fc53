using Journey.Api.Hosting;
using Journey.Grains.Policies;

namespace Journey.Silo;

/// <summary>Loads every <c>*.yaml</c> in <c>Journey:Policies</c> at start (file name = tenant) and whenever a file changes.</summary>
public sealed class PolicyFolderLoader(JourneyOptions options, IHostEnvironment environment, IGrainFactory grains, TimeProvider wallClock, ILogger<PolicyFolderLoader> logger)
    : DocumentFolderLoader(options.Policies, "Policies", environment, logger)
{
    protected override async Task<Outcome> SetAsync(string tenant, string document, string source)
    {
        var result = await grains.GetGrain<ITenantPolicyGrain>(tenant).Set(document, source);
        if (result.Changed)
        {
            await grains.GetGrain<IAuditTrailGrain>(tenant).Record(new AuditRecord(wallClock.GetUtcNow(), $"policy folder ({source})", AuditActions.PolicyChanged, $"policy version {result.Current!.Version}"));
        }

        return new Outcome(result.Accepted, result.Changed, result.Current?.Version, result.Errors);
    }

    protected override void Count(string outcome) => Journey.Abstractions.JourneyMetrics.PolicyFileRead(outcome);
}

/// <summary>Loads every <c>*.yaml</c> in <c>Journey:Templates</c> at start (file name = tenant) and whenever a file changes.</summary>
public sealed class TemplateFolderLoader(JourneyOptions options, IHostEnvironment environment, IGrainFactory grains, TimeProvider wallClock, ILogger<TemplateFolderLoader> logger)
    : DocumentFolderLoader(options.Templates, "Templates", environment, logger)
{
    protected override async Task<Outcome> SetAsync(string tenant, string document, string source)
    {
        var result = await grains.GetGrain<Journey.Abstractions.Messages.ITenantTemplatesGrain>(tenant).Set(document, source);
        if (result.Changed)
        {
            await grains.GetGrain<IAuditTrailGrain>(tenant).Record(new AuditRecord(wallClock.GetUtcNow(), $"template folder ({source})", AuditActions.TemplatesChanged, $"templates version {result.Current!.Version}"));
        }

        return new Outcome(result.Accepted, result.Changed, result.Current?.Version, result.Errors);
    }
}
