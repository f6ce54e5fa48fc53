using Journey.Api.Hosting;
using Journey.Grains.Policies;

namespace Journey.Silo;

/// <summary>
/// Loads every <c>*.yaml</c> in <c>Journey:Policies</c> at start (file name = tenant) and again
/// whenever a file changes. A file becomes a new version only when its content changed; an invalid
/// file is logged with its line and path, and the version in force stays.
/// </summary>
public sealed class PolicyFolderLoader(
    JourneyOptions options,
    IHostEnvironment environment,
    IGrainFactory grains,
    ILogger<PolicyFolderLoader> logger) : BackgroundService
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    public string? Folder { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Folder = Resolve(options.Policies, environment.ContentRootPath);
        if (Folder is null)
        {
            logger.LogWarning("Policy folder '{Folder}' not found; tenants use policies set through the API", options.Policies);
            return;
        }

        logger.LogInformation("Loading policies from {Folder}", Folder);
        foreach (var file in PolicyFiles(Folder))
        {
            await LoadAsync(file);
        }

        var changed = System.Threading.Channels.Channel.CreateUnbounded<string>();
        using var watcher = new FileSystemWatcher(Folder) { IncludeSubdirectories = false, EnableRaisingEvents = true };
        watcher.Changed += (_, e) => changed.Writer.TryWrite(e.FullPath);
        watcher.Created += (_, e) => changed.Writer.TryWrite(e.FullPath);
        watcher.Renamed += (_, e) => changed.Writer.TryWrite(e.FullPath);

        try
        {
            while (await changed.Reader.WaitToReadAsync(stoppingToken))
            {
                // Editors write a file in several steps: wait until it settles, then load each changed file once.
                await Task.Delay(Debounce, stoppingToken);
                var files = new HashSet<string>(StringComparer.Ordinal);
                while (changed.Reader.TryRead(out var path))
                {
                    files.Add(path);
                }

                foreach (var file in files.Where(IsPolicyFile).Where(File.Exists))
                {
                    await LoadAsync(file);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A relative folder is looked for in the content root and its parents, so the repository's policies/ is found from silo/.</summary>
    public static string? Resolve(string folder, string contentRoot)
    {
        if (Path.IsPathRooted(folder))
        {
            return Directory.Exists(folder) ? folder : null;
        }

        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, folder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        var besideBinaries = Path.Combine(AppContext.BaseDirectory, folder);
        return Directory.Exists(besideBinaries) ? besideBinaries : null;
    }

    private static IEnumerable<string> PolicyFiles(string folder) =>
        Directory.EnumerateFiles(folder).Where(IsPolicyFile).Order(StringComparer.Ordinal);

    private static bool IsPolicyFile(string path) =>
        Path.GetExtension(path) is ".yaml" or ".yml" && Domain.TouchpointParser.IsValidTenant(Path.GetFileNameWithoutExtension(path));

    private async Task LoadAsync(string file)
    {
        var tenant = Path.GetFileNameWithoutExtension(file);
        try
        {
            var document = await File.ReadAllTextAsync(file);
            var result = await grains.GetGrain<ITenantPolicyGrain>(tenant).Set(document, $"file:{Path.GetFileName(file)}");
            Journey.Grains.JourneyMetrics.PolicyFileRead(!result.Accepted ? "invalid" : result.Changed ? "changed" : "unchanged");
            if (!result.Accepted)
            {
                logger.LogError("Policy file {File} is invalid; version {Version} stays in force: {Errors}", file, result.Current?.Version, string.Join("; ", result.Errors));
            }
            else if (result.Changed)
            {
                logger.LogInformation("Policy of {Tenant} is now version {Version} (from {File})", tenant, result.Current!.Version, file);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Journey.Grains.JourneyMetrics.PolicyFileRead("unreadable");
            logger.LogWarning(exception, "Could not read policy file {File}", file);
        }
    }
}
