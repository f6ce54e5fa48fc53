using System.Security.Claims;

namespace Journey.Api.Application;

/// <summary>Answers one kind of request, after the pipeline admitted it (access and input are checked before it is called).</summary>
public interface IHandler<in TRequest, TAnswer>
{
    /// <param name="caller">The token's principal, for what the handler records (the audit trail's actor), never for access.</param>
    Task<TAnswer> HandleAsync(TRequest request, ClaimsPrincipal? caller, CancellationToken cancellationToken);
}
