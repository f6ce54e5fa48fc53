using System.Diagnostics;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Api;

/// <summary>
/// The proto against the last released one (<c>api/Protos/released/journey.proto</c>) with <c>buf breaking</c>
/// and its <c>FILE</c> rules, offline: buf from npm (test.sh installs it into .tools/), the Google API protos
/// the build restores from NuGet. And the check itself can fail: a renumbered field is caught.
/// </summary>
public sealed class ProtoContractTests
{
    private static string Working => File.ReadAllText(Path.Combine(Repository.Root, "api", "Protos", "journey.proto"));

    [Fact]
    public async Task The_proto_breaks_nothing_of_the_released_one()
    {
        var (exitCode, output) = await BreakingAsync(Working);

        Assert.True(exitCode == 0, $"buf breaking found changes that break callers of the released proto:\n{output}");
    }

    [Fact]
    public async Task A_renumbered_or_removed_field_is_caught()
    {
        var renumbered = Working.Replace("message Touchpoint {\n  string event_id = 1;", "message Touchpoint {\n  string event_id = 99;", StringComparison.Ordinal);
        Assert.NotEqual(Working, renumbered);

        var (exitCode, output) = await BreakingAsync(renumbered);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("event_id", output, StringComparison.Ordinal);
    }

    /// <summary>buf breaking of <paramref name="proto"/> against the released proto, in a workspace of their own.</summary>
    private static async Task<(int ExitCode, string Output)> BreakingAsync(string proto)
    {
        var buf = Path.Combine(Repository.Root, ".tools", "node_modules", ".bin", "buf");
        Assert.True(File.Exists(buf), $"{buf} is missing: ./test.sh installs @bufbuild/buf into .tools/");
        var workspace = Directory.CreateTempSubdirectory("journey-buf-");
        try
        {
            foreach (var (module, text) in new[] { ("working", proto), ("released", File.ReadAllText(Path.Combine(Repository.Root, "api", "Protos", "released", "journey.proto"))) })
            {
                var root = Directory.CreateDirectory(Path.Combine(workspace.FullName, module)).FullName;
                await File.WriteAllTextAsync(Path.Combine(root, "journey.proto"), text);
                await File.WriteAllTextAsync(Path.Combine(root, "buf.yaml"), "version: v2\nbreaking:\n  use:\n    - FILE\n");
                var google = Directory.CreateDirectory(Path.Combine(root, "google", "api")).FullName;
                foreach (var file in new[] { "annotations.proto", "http.proto" })
                {
                    File.Copy(Path.Combine(GoogleProtos(), "google", "api", file), Path.Combine(google, file));
                }
            }

            var start = new ProcessStartInfo(buf)
            {
                WorkingDirectory = workspace.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { "breaking", "working", "--against", "released" },
            };
            start.Environment["BUF_CACHE_DIR"] = Path.Combine(workspace.FullName, ".cache");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, await output + await errors);
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }

    /// <summary>The Google API protos of the version the build uses, from the NuGet cache the restore filled.</summary>
    private static string GoogleProtos()
    {
        var version = System.Xml.Linq.XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == "Google.Api.CommonProtos").Attribute("Version")!.Value;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(packages, "google.api.commonprotos", version, "content", "protos");
    }
}
