using Journey.Api.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Journey.Api.Hosting;

/// <summary>What a silo host and an API host set up alike: endpoints, authentication, health.</summary>
public static class JourneyHosting
{
    /// <summary>HTTP/1.1 on Journey:HttpPort; gRPC on Journey:GrpcPort when this host serves it.</summary>
    public static WebApplicationBuilder ListenJourney(this WebApplicationBuilder builder, JourneyOptions options, bool grpc)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.BindIPAddress, options.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);

            // gRPC over cleartext needs an HTTP/2-only endpoint: without TLS there is no protocol negotiation.
            if (grpc)
            {
                kestrel.Listen(options.BindIPAddress, options.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });
        return builder;
    }

    /// <summary>Journey:Auth. Required for any address but loopback; on loopback the silo may run open for development.</summary>
    public static WebApplicationBuilder AddJourneyAuthentication(this WebApplicationBuilder builder, JourneyOptions options)
    {
        var auth = builder.Configuration.GetSection(JourneyAuthOptions.Section).Get<JourneyAuthOptions>() ?? new JourneyAuthOptions();
        if (!auth.Enabled)
        {
            if (!System.Net.IPAddress.IsLoopback(options.BindIPAddress))
            {
                throw new JourneyConfigurationException(
                    $"Journey:Auth:Enabled must be true to listen on {options.BindAddress}: without authentication Journey only binds to a loopback address");
            }

            return builder;
        }

        if (auth.SigningKey is not { Length: >= 32 })
        {
            throw new JourneyConfigurationException("Journey:Auth:SigningKey must be at least 32 characters when Journey:Auth:Enabled is true");
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = auth.ValidationParameters();
        });
        builder.Services.AddAuthorization();
        return builder;
    }

    public static WebApplication MapJourneyOperations(this WebApplication app)
    {
        var access = app.Services.GetRequiredService<TenantAccess>();
        if (access.Enabled)
        {
            app.UseAuthentication();

            // The dashboard and metrics are for operators.
            app.Use(async (http, next) =>
            {
                if (http.Request.Path.StartsWithSegments("/dashboard") || http.Request.Path.StartsWithSegments("/metrics"))
                {
                    var (verdict, _) = access.Check(http.User, null, Permission.Operate);
                    if (verdict != AccessVerdict.Allowed)
                    {
                        http.Response.StatusCode = verdict == AccessVerdict.Unauthenticated ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
                        return;
                    }
                }

                await next(http);
            });
        }

        app.UseCors();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseRateLimiter();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthReportWriter.WriteAsync });
        return app;
    }
}
