using System.Collections.Immutable;
using Journey.Api.Reading;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Api.Application;

/// <summary>
/// What both APIs show of a customer they have already been allowed to read (the customer's own query checked
/// the access): its cases with stage, hold and next step worked out now, its risk, each channel's contact
/// answer, a plain-language summary and its decisions with the archive. The gRPC messages and the GraphQL
/// fields project from these, so a view added here reaches both.
/// </summary>
public sealed class CustomerReadModel(JourneyReader reader)
{
    public Task<IReadOnlyList<CaseView>> CasesAsync(CustomerState customer) => reader.CasesAsync(customer);

    /// <summary>The customer's early-warning level and the signals behind it.</summary>
    public Task<Risk> RiskAsync(CustomerState customer) => reader.RiskAsync(customer);

    /// <summary>Every channel's <c>requestContact</c> answer for <paramref name="team"/> now, booking nothing.</summary>
    public Task<ImmutableArray<ContactOption>> ContactOptionsAsync(CustomerState customer, Team team) => reader.ContactOptionsAsync(customer, team);

    /// <summary>The customer's situation in plain sentences.</summary>
    public Task<IReadOnlyList<string>> SummaryAsync(CustomerState customer, ExplanationLanguage language) => reader.SummaryAsync(customer, language);

    /// <summary>The newest <paramref name="first"/> decisions, the archive included.</summary>
    public Task<IReadOnlyList<OutboundAction>> DecisionsAsync(CustomerState customer, int first) => reader.DecisionsAsync(customer, first);
}
