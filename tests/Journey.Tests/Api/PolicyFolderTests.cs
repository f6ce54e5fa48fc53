using Journey.Tests.Infrastructure;

namespace Journey.Tests.Api;

public sealed class PolicyFolderHostFixture : JourneyHostFixture
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("journey-policies-").FullName;

    public PolicyFolderHostFixture() =>
        File.WriteAllText(Path.Combine(Folder, "acme.yaml"), Document("Acme B.V."));

    protected override IEnumerable<string> ExtraArguments => [$"--Journey:Policies={Folder}"];

    public static string Document(string clientName) => $"""
        client: {"{"} name: {clientName} {"}"}
        ladder:
          - {"{"} id: reminder, after: P1D, kind: REMINDER, channel: EMAIL {"}"}
        """;
}

public class PolicyFolderTests(PolicyFolderHostFixture host) : IClassFixture<PolicyFolderHostFixture>
{
    [Fact]
    public async Task Policy_files_load_at_start_and_a_changed_file_becomes_a_new_version_while_an_invalid_one_changes_nothing()
    {
        var first = await WaitForVersionAsync(1);
        Assert.Contains("Acme B.V.", first);

        await File.WriteAllTextAsync(Path.Combine(host.Folder, "acme.yaml"), PolicyFolderHostFixture.Document("Acme Holding"));
        Assert.Contains("Acme Holding", await WaitForVersionAsync(2));

        // An invalid file is refused (logged with its line, counted in journey.policy.files); the version in force stays.
        var refused = await InvalidFilesReadAsync();
        await File.WriteAllTextAsync(Path.Combine(host.Folder, "acme.yaml"), "ladder:\n  - id: broken\n    after: yesterday\n");
        await Until.TrueAsync(async () => await InvalidFilesReadAsync() > refused, TimeSpan.FromSeconds(10), "the watcher did not read the invalid file within 10 s");

        var data = await host.GraphQLDataAsync("{ policy(tenant: \"acme\") { version source document } }");
        Assert.Equal(2, data["policy"]!["version"]!.GetValue<int>());
        Assert.Equal("file:acme.yaml", data["policy"]!["source"]!.GetValue<string>());
    }

    private async Task<long> InvalidFilesReadAsync()
    {
        var metrics = await host.Http.GetStringAsync("/metrics");
        return metrics.Split('\n')
            .Where(l => l.StartsWith("journey_policy_files_total{", StringComparison.Ordinal) && l.Contains("outcome=\"invalid\"", StringComparison.Ordinal))
            .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private Task<string> WaitForVersionAsync(int version) =>
        Until.ValueAsync(async () => (await host.GraphQLDataAsync("{ policy(tenant: \"acme\") { version document } }"))["policy"] is { } policy
            && policy["version"]?.GetValue<int>() == version ? policy["document"]!.GetValue<string>() : null,
            TimeSpan.FromSeconds(10), $"policy version {version} did not appear");
}
