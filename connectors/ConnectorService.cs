using Journey.Api.V1;
using Journey.Connectors.Senders;
using Microsoft.Extensions.Options;

namespace Journey.Connectors;

/// <summary>Runs one <see cref="TenantPump"/> per tenant with the senders the configuration names.</summary>
public sealed class ConnectorService(IOptions<ConnectorOptions> configured, ConnectorStatus status, ILoggerFactory loggers) : BackgroundService
{
    private readonly ConnectorOptions _options = configured.Value;
    private EngineClient? _engine;

    public EngineClient Engine => _engine ??= new EngineClient(_options);

    public ConnectorStatus Status => status;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var limits = new RateLimits(_options);
        var senders = new List<IChannelSender>();
        SmtpEmailSender? smtp = null;
        WebhookSender? webhooks = null;
        if (_options.Outbox is { } outbox)
        {
            senders.Add(new OutboxSender(outbox, _options.Smtp.From));
            senders.Add(new LetterSender(outbox, Engine.NowAsync));
        }
        else
        {
            if (_options.Smtp.Host is not null)
            {
                senders.Add(smtp = new SmtpEmailSender(_options.Smtp));
            }

            if (_options.Letters.Folder is { } letters)
            {
                senders.Add(new LetterSender(letters, Engine.NowAsync));
            }

            if (_options.Sms.Url is not null)
            {
                senders.Add(new SmsSender(http, _options.Sms));
            }

            if (_options.Webhooks.Url is not null)
            {
                senders.Add(webhooks = new WebhookSender(http, _options.Webhooks));
            }
        }

        var logger = loggers.CreateLogger<TenantPump>();
        var tenants = _options.TenantList();
        logger.LogInformation("Connectors for {Tenants} on {Grpc}: {Channels}", string.Join(", ", tenants), _options.Grpc,
            string.Join(", ", Enum.GetValues<Channel>().Where(c => c != Channel.Unspecified && senders.Any(s => s.Handles(c)))));
        try
        {
            await Task.WhenAll(tenants.Select(tenant => new TenantPump(tenant, _options, Engine, senders, webhooks, limits, status, logger).RunAsync(stoppingToken)));
        }
        finally
        {
            smtp?.Dispose();
        }
    }

    public override void Dispose()
    {
        _engine?.Dispose();
        base.Dispose();
    }
}

public static class ConnectorHosting
{
    /// <summary>The connectors, their options (validated at start) and their status.</summary>
    public static IServiceCollection AddJourneyConnectors(this IServiceCollection services, Action<ConnectorOptions>? configure = null)
    {
        var options = services.AddOptions<ConnectorOptions>().BindConfiguration(ConnectorOptions.Section);
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectorOptions>>(new ConnectorOptionsValidator());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ConnectorOptions>>().Value);
        services.AddSingleton<ConnectorStatus>();
        services.AddSingleton<ConnectorService>();
        services.AddHostedService(sp => sp.GetRequiredService<ConnectorService>());
        return services;
    }

    private sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
    {
        public ValidateOptionsResult Validate(string? name, ConnectorOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
