using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Journey.Tests.Infrastructure;

/// <summary>A real SMTP server on a free loopback port (the SmtpServer package), keeping every message it accepts.</summary>
public sealed class SmtpSink : MessageStore, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private SmtpSink(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(this);
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public static SmtpSink Start() => new(FreePorts.Take(1)[0]);

    /// <summary>The messages whose Message-ID names the action (its id and the tenant's connector domain).</summary>
    public IReadOnlyList<MimeMessage> For(string actionId) => [.. Messages.Where(m => m.MessageId?.StartsWith(actionId + "@", StringComparison.Ordinal) == true)];

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer.ToArray());
        Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
        return SmtpResponse.Ok;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}

/// <summary>
/// An SMS provider and a tenant's webhook receiver on a free loopback port: <c>POST /sms</c> and <c>POST /hooks</c>, each
/// request kept with its headers. As a provider does, the SMS endpoint delivers a message once per Idempotency-Key.
/// </summary>
public sealed class HttpSink : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpSink(WebApplication app, int port) => (_app, Port) = (app, port);

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public ConcurrentQueue<(string Path, string? Key, string? Signature, string? Timestamp, JsonNode Body, string Raw)> Requests { get; } = new();

    /// <summary>Idempotency keys the SMS endpoint delivered, with how many times each was asked.</summary>
    public ConcurrentDictionary<string, int> SmsAsked { get; } = new(StringComparer.Ordinal);

    public static async Task<HttpSink> StartAsync()
    {
        var port = FreePorts.Take(1)[0];
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var sink = new HttpSink(app, port);
        app.MapPost("/{path}", async (HttpContext http, string path) =>
        {
            var raw = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var body = JsonNode.Parse(raw) ?? new JsonObject();
            var key = http.Request.Headers["Idempotency-Key"].ToString();
            sink.Requests.Enqueue(($"/{path}", key, http.Request.Headers["Journey-Signature"], http.Request.Headers["Journey-Timestamp"], body, raw));
            if (path == "sms")
            {
                var asked = sink.SmsAsked.AddOrUpdate(key, 1, (_, n) => n + 1);
                return Results.Json(new { id = key, duplicate = asked > 1 }, statusCode: asked > 1 ? 200 : 202);
            }

            return Results.Ok();
        });
        await app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
