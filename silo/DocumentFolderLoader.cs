using Journey.Domain.Policies;

namespace Journey.Silo;

/// <summary>
/// Loads every <c>*.yaml</c> in a folder at start (file name = tenant) and again whenever a file changes.
/// A file becomes a new version only when its content changed; an invalid file is logged with its line and
/// path, and the version in force stays. Policies and message templates are both loaded this way.
/// </summary>
public abstract class DocumentFolderLoader(string configured, string what, IHostEnvironment environment, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    /// <summary>The outcome of setting one file's document: accepted, changed, the version in force, the errors.</summary>
    protected sealed record Outcome(bool Accepted, bool Changed, int? Version, IReadOnlyList<PolicyError> Errors);

    public string? Folder { get; private set; }

    protected abstract Task<Outcome> SetAsync(string tenant, string document, string source);

    protected virtual void Count(string outcome)
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Folder = Resolve(configured, environment.ContentRootPath);
        if (Folder is null)
        {
            logger.LogWarning("{What} folder '{Folder}' not found; tenants use {What} set through the API", what, configured, what);
            return;
        }

        logger.LogInformation("Loading {What} from {Folder}", what, Folder);
        foreach (var file in Directory.EnumerateFiles(Folder).Where(IsDocument).Order(StringComparer.Ordinal))
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

                foreach (var file in files.Where(IsDocument).Where(File.Exists))
                {
                    await LoadAsync(file);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A relative folder is looked for in the content root and its parents, so the repository's folder is found from silo/.</summary>
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

    private static bool IsDocument(string path) =>
        Path.GetExtension(path) is ".yaml" or ".yml" && Domain.TouchpointParser.IsValidTenant(Path.GetFileNameWithoutExtension(path));

    private async Task LoadAsync(string file)
    {
        var tenant = Path.GetFileNameWithoutExtension(file);
        try
        {
            var document = await File.ReadAllTextAsync(file);
            var result = await SetAsync(tenant, document, $"file:{Path.GetFileName(file)}");
            Count(!result.Accepted ? "invalid" : result.Changed ? "changed" : "unchanged");
            if (!result.Accepted)
            {
                logger.LogError("{What} file {File} is invalid; version {Version} stays in force: {Errors}", what, file, result.Version, string.Join("; ", result.Errors));
            }
            else if (result.Changed)
            {
                logger.LogInformation("{What} of {Tenant} are now version {Version} (from {File})", what, tenant, result.Version, file);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Count("unreadable");
            logger.LogWarning(exception, "Could not read {What} file {File}", what, file);
        }
    }
}
