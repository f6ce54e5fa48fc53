using System.Collections.Immutable;
using Journey.Api.Security;
using Journey.Domain;
using Journey.Domain.Policies;

namespace Journey.Api.Application;

/// <summary>
/// A request the application refused before anything changed. Each API maps these to its own error
/// form (gRPC statuses, GraphQL errors with a code and a path); the decision is made once, here.
/// </summary>
public abstract class RefusedException(string message) : Exception(message);

/// <summary>The caller's token does not allow this (or there is none while authentication is on).</summary>
public sealed class AccessRefusedException(AccessVerdict verdict, string reason) : RefusedException(reason)
{
    public AccessVerdict Verdict { get; } = verdict;
}

/// <summary>Input fields the application refused, named as clients spell them; a policy document's errors by line and path.</summary>
public sealed class InvalidInputException(ImmutableArray<FieldError> errors, IReadOnlyList<PolicyError>? policyErrors = null, string documentCode = InvalidInputException.PolicyInvalid)
    : RefusedException(string.Join("; ", [.. errors.Select(e => e.ToString()), .. (policyErrors ?? []).Select(e => e.ToString())]))
{
    public InvalidInputException(FieldError error)
        : this([error])
    {
    }

    public ImmutableArray<FieldError> Errors { get; } = errors;

    public IReadOnlyList<PolicyError> PolicyErrors { get; } = policyErrors ?? [];

    public const string PolicyInvalid = "POLICY_INVALID";
    public const string TemplateInvalid = "TEMPLATE_INVALID";

    /// <summary>The GraphQL error code of the document's errors (<see cref="PolicyErrors"/>): a policy's or a template document's.</summary>
    public string DocumentCode { get; } = documentCode;
}

/// <summary>The business clock runs on the system clock: it cannot be advanced.</summary>
public sealed class ClockNotSimulatedException()
    : RefusedException("the business clock is the system clock; start the silo with Journey:Clock=Simulated");
