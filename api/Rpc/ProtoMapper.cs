using System.Collections.Immutable;
using System.Globalization;
using Journey.Api.Reading;
using Journey.Api.Wire;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using Journey.Abstractions;
using V1 = Journey.Api.V1;

namespace Journey.Api.Rpc;

/// <summary>Maps between the journey.v1 messages and the domain, both ways.</summary>
public static class ProtoMapper
{
    public static RawTouchpoint ToRaw(V1.Touchpoint message) => new(
        message.EventId,
        message.Tenant,
        message.CustomerId,
        message.CaseId,
        Raw<TouchpointType, V1.TouchpointType>(message.Type),
        message.OccurredAt,
        Raw<Channel, V1.Channel>(message.Channel),
        Raw<Team, V1.Team>(message.Team),
        message.Amount,
        message.Currency,
        message.DueDate,
        message.ActionId,
        message.Attributes.Count == 0 ? [] : message.Attributes.Select(a => new KeyValuePair<string?, string?>(a.Key, a.Value)).ToList());

    /// <summary>
    /// The zero value means "not given". A number the proto does not know is passed on as such, so
    /// that validation names it.
    /// </summary>
    private static RawEnum<TDomain> Raw<TDomain, TProto>(TProto value)
        where TDomain : struct, Enum
        where TProto : struct, Enum
    {
        // Proto enums are 32-bit: read the number without boxing the value.
        var number = System.Runtime.CompilerServices.Unsafe.As<TProto, int>(ref value);
        if (number == 0)
        {
            return default;
        }

        return EnumMap<TDomain, TProto>.ToDomain(value) is { } known
            ? RawEnum.Of<TDomain>(known)
            : number.ToString(CultureInfo.InvariantCulture);
    }

    public static V1.Customer ToMessage(CustomerState customer, IReadOnlyList<CaseView> cases, int timelineLimit)
    {
        var message = CustomerWire.Customer.ToMessage(customer);
        message.Timeline.AddRange(customer.Timeline.Take(timelineLimit).Select(ToMessage));
        message.Cases.AddRange(cases.Select(c => ToMessage(c, includeTimeline: false)));
        message.Actions.AddRange(customer.Actions.Select(a => ToMessage(a, customer.Tenant, customer.CustomerId)));
        message.Suppressed.AddRange(customer.Suppressed.Select(a => ToMessage(a, customer.Tenant, customer.CustomerId)));
#pragma warning disable CS0612 // the deprecated sums stay filled for the callers that read them
        message.Credits.AddRange(customer.Credits.GroupBy(c => c.Currency).Select(g => new V1.Credit { Currency = g.Key, Amount = Money(g.Sum(c => c.Amount)) }));
#pragma warning restore CS0612
        return message;
    }

    public static V1.OutgoingMessage ToMessage(Messages.OutgoingMessage outgoing)
    {
        var message = MessageWire.Message.ToMessage(outgoing);
        (message.Tenant, message.RenderedAt) = (outgoing.Tenant, IsoTime.Format(outgoing.RenderedAt));
        return message;
    }

    public static V1.Case ToMessage(CaseView view, bool includeTimeline)
    {
        var message = CustomerWire.Case.ToMessage(view);
        if (view.NextStep is not null)
        {
            (message.NextStep.Tenant, message.NextStep.CustomerId) = (view.Customer.Tenant, view.Customer.CustomerId);
        }

        if (includeTimeline)
        {
            message.Timeline.AddRange(CaseStatus.Timeline(view.Customer, view.Case).Select(ToMessage));
        }

        return message;
    }

    public static V1.TimelineEntry ToMessage(Touchpoint touchpoint) => CustomerWire.Touchpoint.ToMessage(touchpoint);

    public static V1.Action ToMessage(OutboundAction action, string tenant, string customerId)
    {
        var message = ActionWire.Action.ToMessage(action);
        (message.Tenant, message.CustomerId) = (tenant, customerId);
        return message;
    }

    public static V1.WorklistItem ToMessage(Journey.Abstractions.Worklists.WorklistEntry entry) => WorklistWire.Item.ToMessage(entry);

    public static V1.ContactDecision ToMessage(ContactDecision decision) => ActionWire.Decision.ToMessage(decision);

    public static T? ToDomain<T, TProto>(TProto value)
        where T : struct, Enum
        where TProto : struct, Enum => EnumMap<T, TProto>.ToDomain(value);

    /// <summary>A decimal string with at least two decimals, never rounded (as GraphQL writes the number).</summary>
    public static V1.Receivables ToMessage(ReceivablesFigures figures, double? dso, ImmutableArray<ForecastWeek> forecast)
    {
        var message = ReceivablesWire.Figures.ToMessage(figures);
        if (dso is { } days)
        {
            message.Dso = days;
        }

        message.Forecast.AddRange(forecast.Select(ReceivablesWire.ForecastWeek.ToMessage));
        return message;
    }

    public static string Money(decimal amount) => Journey.Domain.Money.Scaled(amount).ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Protobuf's C# enum members drop the proto type prefix and are PascalCase
/// (TOUCHPOINT_TYPE_INVOICE_ISSUED → InvoiceIssued); the domain's names are the contract names
/// (INVOICE_ISSUED). This maps one to the other by name, once per enum pair.
/// </summary>
internal static class EnumMap<TDomain, TProto>
    where TDomain : struct, Enum
    where TProto : struct, Enum
{
    private static readonly Dictionary<TDomain, TProto> ToProtoMap = Enum.GetValues<TDomain>()
        .ToDictionary(d => d, d => Enum.Parse<TProto>(PascalCase(d.ToString())));

    private static readonly Dictionary<TProto, TDomain> ToDomainMap = ToProtoMap.ToDictionary(p => p.Value, p => p.Key);

    public static TProto ToProto(TDomain value) => ToProtoMap[value];

    public static TDomain? ToDomain(TProto value) => ToDomainMap.TryGetValue(value, out var domain) ? domain : null;

    private static string PascalCase(string name) => string.Concat(name.Split('_', StringSplitOptions.RemoveEmptyEntries)
        .Select(part => char.ToUpperInvariant(part[0]) + part[1..].ToLowerInvariant()));
}
