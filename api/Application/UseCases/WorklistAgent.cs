using System.Security.Claims;
using Journey.Api.Security;
using Journey.Domain.Rules;

namespace Journey.Api.Application.UseCases;

/// <summary>
/// Who works a worklist item: the token's subject when authentication is on, the agent the caller names when
/// it is off. Taking and completing an item check it the same way.
/// </summary>
public static class WorklistAgent
{
    public static string? Of(InputCheck check, string? agent) => Of(check.Caller, check.AuthenticationOn, agent);

    public static string? Of(ClaimsPrincipal? caller, bool authenticationOn, string? agent) => authenticationOn ? caller?.Identity?.Name : agent;

    /// <summary>The item's id and the agent, as both commands require them.</summary>
    public static void Check(InputCheck check, string? itemId, string? agent)
    {
        if (string.IsNullOrEmpty(itemId) || WorklistRules.CustomerOf(itemId) is null)
        {
            check.Add("itemId", "is required: the itemId of a worklist item");
        }

        if (string.IsNullOrWhiteSpace(Of(check, agent)))
        {
            check.Add("agent", check.AuthenticationOn ? "the token names no subject (sub)" : "is required when authentication is off: who takes the item");
        }
    }
}
