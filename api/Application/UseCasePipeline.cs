using System.Security.Claims;
using Journey.Api.Security;
using Journey.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Journey.Api.Application;

/// <summary>
/// The pipeline every command, query and feed of both APIs goes through: the caller's access to the tenant
/// (or the cluster), the request's keys checked as a touchpoint's are, the request's own fields, then its one
/// handler. gRPC methods and GraphQL resolvers only build requests and map answers and refusals
/// (<see cref="RefusedException"/>) onto their own messages. Touchpoint ingest is the one use case that
/// admits item by item in its own class (<see cref="IngestTouchpoints"/>): a stream's touchpoint is on the ack
/// path and is checked with the same access rule without a request object each.
/// </summary>
public sealed class UseCasePipeline(IServiceProvider services, TenantAccess access, JourneyApiOptions options)
{
    /// <exception cref="RefusedException">The caller may not, or the input is invalid; nothing was done.</exception>
    public Task<TAnswer> SendAsync<TRequest, TAnswer>(ClaimsPrincipal? caller, UseCase<TRequest, TAnswer> request, CancellationToken cancellationToken = default)
        where TRequest : UseCase<TRequest, TAnswer>
    {
        try
        {
            Admit(caller, request);
        }
        catch (RefusedException refused)
        {
            return Task.FromException<TAnswer>(refused);
        }

        return services.GetRequiredService<IHandler<TRequest, TAnswer>>().HandleAsync((TRequest)request, caller, cancellationToken);
    }

    /// <summary>Admits the feed now (a refusal is thrown here, before the first item is asked for) and opens it.</summary>
    /// <exception cref="RefusedException">The caller may not, or the input is invalid.</exception>
    public IAsyncEnumerable<TItem> Open<TRequest, TItem>(ClaimsPrincipal? caller, Feed<TRequest, TItem> request, CancellationToken cancellationToken)
        where TRequest : Feed<TRequest, TItem>
    {
        Admit(caller, request);
        return services.GetRequiredService<IFeedHandler<TRequest, TItem>>().Open((TRequest)request, cancellationToken);
    }

    private void Admit(ClaimsPrincipal? caller, IUseCase request)
    {
        var needed = request.Access;
        access.Demand(caller, needed.Scope == AccessScope.Cluster ? null : needed.Tenant, needed.Permission);
        var check = new InputCheck(caller, access.Enabled);
        switch (needed.Scope)
        {
            case AccessScope.Tenant:
                check.AddRange(TouchpointParser.TenantErrors(needed.Tenant, limits: options.Limits));
                break;
            case AccessScope.Customer:
                check.AddRange(TouchpointParser.KeyErrors(needed.Tenant, "tenant", needed.Id, needed.IdField, options.Limits));
                break;
        }

        request.Check(check);
        if (check.Count > 0)
        {
            throw new InvalidInputException(check.ToImmutable());
        }
    }

    /// <summary>Registers every handler of this assembly (one per request type; a second one for the same request fails the start).</summary>
    public static void AddHandlers(IServiceCollection services)
    {
        var handlerInterfaces = new[] { typeof(IHandler<,>), typeof(IFeedHandler<,>) };
        foreach (var type in typeof(UseCasePipeline).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && handlerInterfaces.Contains(i.GetGenericTypeDefinition())))
            {
                if (services.Any(d => d.ServiceType == contract))
                {
                    throw new InvalidOperationException($"two handlers for {contract}: {type} and another");
                }

                services.AddSingleton(contract, type);
            }
        }
    }
}
