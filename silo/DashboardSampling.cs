using System.Reflection;
using Journey.Api.Hosting;
using Orleans.Dashboard;

namespace Journey.Silo;

/// <summary>How often the Orleans dashboard samples the silo's meters (<c>Journey:Dashboard:SampleInterval</c>).</summary>
public sealed class DashboardSamplingOptions
{
    public const string Section = "Journey:Dashboard";

    /// <summary>
    /// Every sample runs Orleans' observable gauges, one of which walks every activation of the silo:
    /// at the dashboard's own 1 s that walk took 3–5 % of a silo's CPU with 100,000 resident customers,
    /// growing with the residents. The dashboard's charts get one point per sample.
    /// </summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The dashboard's per-method call counts and times come from a filter around every grain call. It
    /// costs about 1 KB allocated per ingested touchpoint (two more async levels per call; docs/benchmarks.md):
    /// a silo that ingests at its peak may switch it off and keep the rest of the dashboard.
    /// </summary>
    public bool ProfileGrainCalls { get; set; } = true;

    public string? Problem() => SampleInterval < TimeSpan.FromSeconds(1) || SampleInterval > TimeSpan.FromMinutes(5)
        ? $"{Section}:{nameof(SampleInterval)} must be from 00:00:01 to 00:05:00, not {SampleInterval}"
        : null;
}

public static class DashboardSampling
{
    // The dashboard's host keeps its export interval in an internal init-only property (1 s) and offers no
    // option for it; CounterUpdateIntervalMs paces only its grains. DashboardSamplingTests fails when an
    // upgrade moves it, rather than the silo silently sampling at 1 s again.
    public const string HostTypeName = "Orleans.Dashboard.DashboardHost";
    public const string IntervalProperty = "ExportIntervalMilliseconds";

    public static Type? HostType => typeof(DashboardOptions).Assembly.GetType(HostTypeName);

    public static PropertyInfo? Interval => HostType?.GetProperty(IntervalProperty, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    /// <summary>The dashboard's grain-call filters (its method profiler) among the silo's services.</summary>
    public static IEnumerable<ServiceDescriptor> ProfilerFilters(IServiceCollection services) =>
        services.Where(d => d.ServiceType == typeof(IIncomingGrainCallFilter)
            && (d.ImplementationType ?? d.ImplementationInstance?.GetType())?.Assembly == typeof(DashboardOptions).Assembly);

    /// <summary>The Orleans dashboard, sampling the meters every <see cref="DashboardSamplingOptions.SampleInterval"/>.</summary>
    public static ISiloBuilder AddJourneyDashboard(this ISiloBuilder silo)
    {
        silo.AddDashboard();
        if (!silo.Configuration.GetSection(DashboardSamplingOptions.Section).GetValue(nameof(DashboardSamplingOptions.ProfileGrainCalls), true))
        {
            foreach (var profiler in ProfilerFilters(silo.Services).ToList())
            {
                silo.Services.Remove(profiler);
            }
        }

        silo.Services.AddValidatedOptions<DashboardSamplingOptions>(silo.Configuration, DashboardSamplingOptions.Section, o => OptionsBinding.One(o.Problem()));
        if (HostType is not { } hostType || Interval is not { } interval)
        {
            return silo;
        }

        var registered = silo.Services.LastOrDefault(d => d.ServiceType == hostType && d.ImplementationType == hostType);
        if (registered is null)
        {
            return silo;
        }

        silo.Services.Remove(registered);
        silo.Services.Add(ServiceDescriptor.Describe(hostType, sp =>
        {
            var host = ActivatorUtilities.CreateInstance(sp, hostType);
            var every = sp.GetRequiredService<DashboardSamplingOptions>().SampleInterval;
            interval.SetValue(host, (int)every.TotalMilliseconds);
            return host;
        }, registered.Lifetime));
        return silo;
    }
}
