using Journey.Api.Hosting;
using System.Net;
using Journey.Silo;
using Journey.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Journey.Tests.Api;

[Collection(JourneyHostCollection.Name)]
public class OperationsTests(JourneyHostFixture host)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_200(string path)
    {
        using var response = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        if (path == "/health/ready")
        {
            Assert.Equal(["cluster", "silo", "storage"], report["checks"]!.AsObject().Select(c => c.Key).Order());
        }
    }

    [Fact]
    public async Task Dashboard_serves_its_page_and_sees_the_silo()
    {
        using var page = await host.Http.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The dashboard samples the cluster periodically; the silo shows up within a few samples.
        var counters = await Until.MatchAsync(
            async () =>
            {
                using var data = await host.Http.GetAsync("/dashboard/DashboardCounters");
                Assert.Equal(HttpStatusCode.OK, data.StatusCode);
                return await data.Content.ReadAsStringAsync();
            },
            c => c.Contains("\"totalActiveHostCount\":1", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the dashboard never counted the silo");

        Assert.Contains("\"totalActiveHostCount\":1", counters, StringComparison.Ordinal);
    }
}

public class ConfigurationTests
{
    [Theory]
    [InlineData("--Journey:Storage=Cassandra", "Journey:Storage")]
    [InlineData("--Journey:Clustering=Zookeeper", "Journey:Clustering")]
    [InlineData("--Journey:Clock=Sundial", "Journey:Clock")]
    [InlineData("--Journey:HttpPort=0", "Journey:HttpPort")]
    [InlineData("--Journey:Preview:Share=0", "Journey:Preview:Share")]
    [InlineData("--Journey:Preview:Workers=0", "Journey:Preview:Workers")]
    [InlineData("--Journey:HttpPort=eighty", "Journey")]
    [InlineData("--Journey:BindAddress=localhost-ish", "Journey:BindAddress")]
    [InlineData("--Journey:SimulatedStart=2026-03-01", "Journey:SimulatedStart")]
    [InlineData("--Journey:Role=Gateway", "Journey:Role")]
    [InlineData("--Journey:Storage=7", "Journey:Storage '7' is not one of Memory, Redis, AzureBlob")]
    [InlineData("--Journey:Clustering=1", "Journey:Clustering '1' is not one of Localhost, Redis, AzureTable")]
    [InlineData("--Journey:Store:SnapshotEvery=0", "Journey:Store:SnapshotEvery")]
    [InlineData("--Journey:Effects:ShardPace=00:20:00", "Journey:Effects:ShardPace")]
    [InlineData("--Journey:Dashboard:SampleInterval=00:00:00.100", "Journey:Dashboard:SampleInterval")]
    public void A_wrong_setting_stops_start_up_naming_its_key(string argument, string key)
    {
        var error = Assert.Throws<JourneyConfigurationException>(() => JourneyApp.Build([argument]));

        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Every_wrong_setting_of_the_section_is_named_at_once()
    {
        var error = Assert.Throws<JourneyConfigurationException>(() => JourneyApp.Build(["--Journey:HttpPort=0", "--Journey:ClusterId= ", "--Journey:BindAddress=nowhere"]));

        Assert.Contains("Journey:HttpPort", error.Message);
        Assert.Contains("Journey:ClusterId", error.Message);
        Assert.Contains("Journey:BindAddress", error.Message);
    }

    [Fact]
    public void Settings_are_bound_once_with_the_options_pattern_and_checked_again_at_start()
    {
        var ports = FreePorts.Take(4);
        using var app = JourneyApp.Build([
            $"--Journey:HttpPort={ports[0]}", $"--Journey:GrpcPort={ports[1]}", $"--Journey:SiloPort={ports[2]}", $"--Journey:GatewayPort={ports[3]}",
            "--Journey:Clock=simulated", "--Journey:Store:SnapshotEvery=9"]);

        var options = app.Services.GetRequiredService<IOptions<JourneyOptions>>().Value;
        Assert.Equal(ClockSetting.Simulated, options.Clock);
        Assert.Equal(ports[0], options.HttpPort);
        Assert.Same(options, app.Services.GetRequiredService<JourneyOptions>());
        Assert.Contains(JourneyOptions.Validator, app.Services.GetServices<IValidateOptions<JourneyOptions>>());
        Assert.Equal(9, app.Services.GetRequiredService<Journey.Grains.Storage.CustomerStoreOptions>().SnapshotEvery);
        Assert.NotEmpty(app.Services.GetServices<IValidateOptions<Journey.Grains.Storage.CustomerStoreOptions>>());
    }
}

public class StorageConfigurationTests
{
    [Theory]
    [InlineData(new[] { "--Journey:Storage=Redis" }, "Journey:Redis")]
    [InlineData(new[] { "--Journey:Clustering=Redis" }, "Journey:Redis")]
    [InlineData(new[] { "--Journey:Storage=AzureBlob" }, "Journey:AzureBlob")]
    [InlineData(new[] { "--Journey:Storage=AzureBlob", "--Journey:AzureBlob=not a connection string" }, "Journey:AzureBlob")]
    [InlineData(new[] { "--Journey:Storage=Redis", "--Journey:Redis=,,," }, "Journey:Redis")]
    [InlineData(new[] { "--Journey:Clustering=AzureTable" }, "Journey:AzureStorage")]
    [InlineData(new[] { "--Journey:Clustering=AzureTable", "--Journey:AzureStorage=not a connection string" }, "Journey:AzureStorage")]
    [InlineData(new[] { "--Journey:BindAddress=0.0.0.0" }, "Journey:Auth:Enabled")]
    [InlineData(new[] { "--Journey:Auth:Enabled=true", "--Journey:Auth:SigningKey=short" }, "Journey:Auth:SigningKey")]
    [InlineData(new[] { "--Journey:Role=Api", "--Journey:Clock=Simulated" }, "Journey:Clock")]
    public void A_durable_profile_without_its_connection_string_stops_start_up_naming_the_key(string[] arguments, string key)
    {
        var error = Assert.Throws<JourneyConfigurationException>(() => JourneyApp.Build(arguments));

        Assert.Contains(key, error.Message);
    }
}

[Collection(JourneyHostCollection.Name)]
public class DashboardSamplingTests(JourneyHostFixture host)
{
    [Fact]
    public void The_dashboard_host_still_keeps_its_export_interval_where_the_silo_sets_it()
    {
        // An upgrade of the dashboard that moves the property fails here, not silently in production.
        Assert.NotNull(DashboardSampling.HostType);
        Assert.NotNull(DashboardSampling.Interval);
        Assert.Equal(typeof(int), DashboardSampling.Interval!.PropertyType);
    }

    [Fact]
    public void The_silo_samples_the_dashboard_meters_every_five_seconds_by_default()
    {
        var dashboard = host.Services.GetService(DashboardSampling.HostType!);

        Assert.NotNull(dashboard);
        Assert.Equal(5_000, DashboardSampling.Interval!.GetValue(dashboard));
    }

    [Fact]
    public void The_dashboard_profiles_grain_calls_by_default()
    {
        var filters = host.Services.GetServices<Orleans.IIncomingGrainCallFilter>();

        Assert.Contains(filters, f => f.GetType().Assembly == typeof(Orleans.Dashboard.DashboardOptions).Assembly);
    }

    [Theory]
    [InlineData("false", 0)]
    [InlineData("true", 1)]
    public void Journey_Dashboard_ProfileGrainCalls_decides_whether_the_profiling_filter_is_registered(string setting, int expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Journey:Dashboard:ProfileGrainCalls"] = setting;
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddJourneyDashboard());

        Assert.Equal(expected, DashboardSampling.ProfilerFilters(builder.Services).Count());
    }
}
