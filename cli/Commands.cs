using System.CommandLine;
using Spectre.Console;

namespace Journey.Cli;

/// <summary>What every command takes: the tenant, the file, the engine's gRPC URL and a token.</summary>
public static class Common
{
    public static readonly Option<string> Tenant = new("--tenant") { Description = "The tenant the file is for", Required = true };
    public static readonly Option<FileInfo> File = new Option<FileInfo>("--file") { Description = "The file to read", Required = true }.AcceptExistingOnly();
    public static readonly Option<string> Grpc = new("--grpc") { Description = "gRPC URL of a silo or API host", DefaultValueFactory = _ => "http://127.0.0.1:5081" };
    public static readonly Option<string?> Token = new("--token") { Description = "Bearer token when the engine checks tokens (default: $JOURNEY_TOKEN)", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("JOURNEY_TOKEN") };
    public static readonly Option<string> Zone = new("--zone") { Description = "Time zone of the file's dates", DefaultValueFactory = _ => "Europe/Amsterdam" };

    /// <summary>Exit codes: 0 done and clean; 2 the command could not run (arguments, file, engine); 3 some lines refused or payments unmatched; 4 differences found.</summary>
    public const int Clean = 0;
    public const int Failed = 2;
    public const int Refused = 3;
    public const int Differences = 4;

    public static Command With(this Command command, params Option[] options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        return command;
    }

    /// <summary>Progress and notes go to standard error; results to standard output.</summary>
    public static IAnsiConsole Progress { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static async Task<T> WithProgressAsync<T>(string description, int total, Func<Action<int>, Task<T>> work)
    {
        if (!Progress.Profile.Capabilities.Interactive)
        {
            return await work(_ => { });
        }

        return await Progress.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedlessRate(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: Math.Max(1, total));
                return await work(n => task.Increment(n));
            });
    }

    /// <summary>Items a second, as a progress column.</summary>
    private sealed class TransferSpeedlessRate : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? $"{speed:N0}/s" : "-");
    }

    public static string CsvField(string? value) =>
        value is null ? "" : value.Contains(',') || value.Contains('"') || value.Contains('\n') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
