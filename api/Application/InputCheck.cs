using System.Collections.Immutable;
using System.Security.Claims;
using Journey.Domain;

namespace Journey.Api.Application;

/// <summary>The fields a request refuses, gathered by the pipeline (its keys) and then by the request itself.</summary>
public sealed class InputCheck(ClaimsPrincipal? caller, bool authenticationOn)
{
    private readonly ImmutableArray<FieldError>.Builder _errors = ImmutableArray.CreateBuilder<FieldError>();

    public ClaimsPrincipal? Caller => caller;

    public bool AuthenticationOn => authenticationOn;

    public int Count => _errors.Count;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    public void AddRange(IEnumerable<FieldError> errors) => _errors.AddRange(errors);

    /// <summary>A field that must be one of an enumeration's values.</summary>
    public void Require<TEnum>(TEnum? value, string field)
        where TEnum : struct, Enum
    {
        if (value is null)
        {
            Add(field, $"is required: one of {string.Join(", ", Enum.GetNames<TEnum>())}");
        }
    }

    public ImmutableArray<FieldError> ToImmutable() => _errors.ToImmutable();
}
