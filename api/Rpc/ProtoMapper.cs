using System.Collections.Immutable;
using System.Globalization;
using Journey.Api.Reading;
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
        var message = new V1.Customer
        {
            Tenant = customer.Tenant,
            CustomerId = customer.CustomerId,
            Version = customer.Version,
            TimelineCount = customer.TimelineCount,
        };
        message.Timeline.AddRange(customer.Timeline.Take(timelineLimit).Select(ToMessage));
        message.Cases.AddRange(cases.Select(c => ToMessage(c, includeTimeline: false)));
        message.Holds.AddRange(customer.Holds.Select(h => new V1.Hold
        {
            HoldId = h.HoldId,
            Kind = h.Kind.ToString(),
            Reason = h.Reason,
            CaseId = h.CaseId ?? "",
            OpenedAt = IsoTime.Format(h.OpenedAt),
        }));
        message.Flags.AddRange(customer.Flags.Select(f => f.ToString()));
        message.Consents.AddRange(customer.Consents.Select(c => new V1.Consent { Channel = EnumMap<Channel, V1.Channel>.ToProto(c.Channel), Granted = c.Granted }));
        message.Contacts.AddRange(customer.Contacts.Select(c => new V1.Contact
        {
            EventId = c.EventId,
            At = IsoTime.Format(c.At),
            Team = c.Team is { } team ? EnumMap<Team, V1.Team>.ToProto(team) : V1.Team.Unspecified,
            Channel = c.Channel is { } channel ? EnumMap<Channel, V1.Channel>.ToProto(channel) : V1.Channel.Unspecified,
            Type = EnumMap<TouchpointType, V1.TouchpointType>.ToProto(c.Type),
            ActionId = c.ActionId ?? "",
            Outcome = c.Outcome ?? "",
            Kind = c.Kind is { } kind ? EnumMap<ActionKind, V1.ActionKind>.ToProto(kind) : V1.ActionKind.Unspecified,
            DecidedBy = c.DecidedBy() ?? "",
        }));
#pragma warning disable CS0612 // the deprecated sums stay filled for the callers that read them
        message.Credits.AddRange(customer.Credits.GroupBy(c => c.Currency).Select(g => new V1.Credit { Currency = g.Key, Amount = Money(g.Sum(c => c.Amount)) }));
#pragma warning restore CS0612
        message.CreditsByPayment.AddRange(customer.Credits.Select(c => new V1.Credit
        {
            Currency = c.Currency,
            Amount = Money(c.Amount),
            PaymentEventId = c.PaymentEventId,
            CaseId = c.CaseId ?? "",
            ReceivedAt = IsoTime.Format(c.ReceivedAt),
        }));
        message.Actions.AddRange(customer.Actions.Select(a => ToMessage(a, customer.Tenant, customer.CustomerId)));
        message.Suppressed.AddRange(customer.Suppressed.Select(a => ToMessage(a, customer.Tenant, customer.CustomerId)));
        message.Promises.AddRange(customer.Promises.Select(ToMessage));
        if (customer.Contact is { } contact)
        {
            message.Contact = new V1.ContactDetails
            {
                Name = contact.Name ?? "", Email = contact.Email ?? "", Phone = contact.Phone ?? "", PostalCode = contact.PostalCode ?? "",
                City = contact.City ?? "", Country = contact.Country ?? "", Language = contact.Language ?? "",
            };
            message.Contact.AddressLines.AddRange(contact.AddressLines);
        }

        return message;
    }

    public static V1.OutgoingMessage ToMessage(Messages.OutgoingMessage outgoing)
    {
        var message = new V1.OutgoingMessage
        {
            Tenant = outgoing.Tenant,
            CustomerId = outgoing.CustomerId,
            ActionId = outgoing.ActionId,
            Kind = EnumMap<ActionKind, V1.ActionKind>.ToProto(outgoing.Kind),
            Channel = EnumMap<Channel, V1.Channel>.ToProto(outgoing.Channel),
            Status = EnumMap<ActionStatus, V1.ActionStatus>.ToProto(outgoing.Status),
            SenderName = outgoing.SenderName,
            WkiNumber = outgoing.WkiNumber ?? "",
            LetterDate = IsoTime.Format(outgoing.LetterDate),
            Recipient = new V1.Recipient
            {
                Name = outgoing.Recipient.Name ?? "", Email = outgoing.Recipient.Email ?? "", Phone = outgoing.Recipient.Phone ?? "",
                PostalCode = outgoing.Recipient.PostalCode ?? "", City = outgoing.Recipient.City ?? "", Country = outgoing.Recipient.Country ?? "",
            },
            Language = outgoing.Content?.Language ?? "",
            Template = outgoing.Content?.TemplateName ?? "",
            Subject = outgoing.Content?.Subject ?? "",
            Text = outgoing.Content?.Text ?? "",
            Html = outgoing.Content?.Html ?? "",
            PaymentUrl = outgoing.PaymentUrl ?? "",
            SendFrom = IsoTime.Format(outgoing.SendFrom),
            Failure = outgoing.Failure ?? "",
            BookedByTeam = outgoing.BookedByTeam,
            RenderedAt = IsoTime.Format(outgoing.RenderedAt),
        };
        message.Recipient.AddressLines.AddRange(outgoing.Recipient.AddressLines);
        return message;
    }

    public static V1.Case ToMessage(CaseView view, bool includeTimeline)
    {
        var @case = view.Case;
        var message = new V1.Case
        {
            Tenant = view.Customer.Tenant,
            CaseId = @case.CaseId,
            CustomerId = view.Customer.CustomerId,
            Stage = EnumMap<CaseStage, V1.CaseStage>.ToProto(view.Stage),
            Currency = @case.Currency,
            AmountInvoiced = Money(@case.AmountInvoiced),
            AmountCredited = Money(@case.AmountCredited),
            AmountPaid = Money(@case.AmountPaid),
            AmountDue = Money(@case.AmountDue),
            Overpaid = Money(@case.Overpaid),
            DueDate = IsoTime.Format(@case.DueDate),
            DebtorType = @case.DebtorType.ToString(),
            OnHold = view.OnHold,
            HoldReason = view.Hold?.Reason ?? "",
            OpenedAt = IsoTime.Format(@case.OpenedAt),
            OverdueFrom = IsoTime.Format(view.OverdueFrom),
            WrittenOffAt = @case.WrittenOffAt is { } writtenOff ? IsoTime.Format(writtenOff) : "",
        };
        message.Payments.AddRange(@case.Payments.Select(p => new V1.Payment { EventId = p.PaymentEventId, Amount = Money(p.Amount), ReceivedAt = IsoTime.Format(p.ReceivedAt) }));
        if (view.Plan is { } plan)
        {
            message.Plan = new V1.Plan { State = plan.State.ToString(), Remaining = Money(plan.Remaining) };
            message.Plan.Instalments.AddRange(plan.Instalments.Select(i => new V1.Instalment { DueDate = IsoTime.Format(i.DueDate), Amount = Money(i.Amount), Status = i.Status.ToString() }));
        }

        message.Promises.AddRange(view.Customer.Promises.Where(p => p.CaseId == @case.CaseId).Select(ToMessage));
        if (view.NextStep is { } next)
        {
            message.NextStep = ToMessage(next, view.Customer.Tenant, view.Customer.CustomerId);
        }

        if (includeTimeline)
        {
            message.Timeline.AddRange(CaseStatus.Timeline(view.Customer, @case).Select(ToMessage));
        }

        return message;
    }

    public static V1.TimelineEntry ToMessage(Touchpoint touchpoint)
    {
        var entry = new V1.TimelineEntry
        {
            EventId = touchpoint.EventId,
            Type = EnumMap<TouchpointType, V1.TouchpointType>.ToProto(touchpoint.Type),
            OccurredAt = IsoTime.Format(touchpoint.OccurredAt),
            CaseId = touchpoint.CaseId ?? "",
            Channel = touchpoint.Channel is { } channel ? EnumMap<Channel, V1.Channel>.ToProto(channel) : V1.Channel.Unspecified,
            Team = touchpoint.Team is { } team ? EnumMap<Team, V1.Team>.ToProto(team) : V1.Team.Unspecified,
            Amount = touchpoint.Amount is { } amount ? Money(amount) : "",
            Currency = touchpoint.Currency ?? "",
            DueDate = touchpoint.DueDate is { } due ? IsoTime.Format(due) : "",
            ActionId = touchpoint.ActionId ?? "",
            ReceivedAt = touchpoint.ReceivedAt is { } received ? IsoTime.Format(received) : "",
        };
        entry.Attributes.AddRange(touchpoint.Attributes.Select(a => new V1.Attribute { Key = a.Key, Value = a.Value }));
        return entry;
    }

    private static V1.Promise ToMessage(PromiseToPay promise) => new()
    {
        EventId = promise.EventId,
        CaseId = promise.CaseId ?? "",
        Amount = promise.Amount is { } amount ? Money(amount) : "",
        PromisedFor = IsoTime.Format(promise.PromisedFor),
        MadeAt = IsoTime.Format(promise.MadeAt),
    };

    public static V1.Action ToMessage(OutboundAction action, string tenant, string customerId)
    {
        var message = new V1.Action
        {
            ActionId = action.ActionId,
            Tenant = tenant,
            CustomerId = customerId,
            CaseId = action.CaseId ?? "",
            Kind = EnumMap<ActionKind, V1.ActionKind>.ToProto(action.Kind),
            Channel = EnumMap<Channel, V1.Channel>.ToProto(action.Channel),
            Sender = EnumMap<Sender, V1.Sender>.ToProto(action.Sender),
            SenderName = action.SenderName,
            WkiNumber = action.WkiNumber ?? "",
            Status = EnumMap<ActionStatus, V1.ActionStatus>.ToProto(action.Status),
            At = IsoTime.Format(action.At),
            PlannedAt = IsoTime.Format(action.PlannedAt),
            SentAt = action.SentAt is { } sent ? IsoTime.Format(sent) : "",
            PolicyVersion = action.PolicyVersion,
            Template = action.Template ?? "",
            StepId = action.StepId ?? "",
            CollectionCosts = action.CollectionCosts is { } costs ? Money(costs) : "",
            ReceivedOn = action.ReceivedOn is { } received ? IsoTime.Format(received) : "",
            Deadline = action.Deadline is { } deadline ? IsoTime.Format(deadline) : "",
            DecidedBy = action.DecidedBy(),
            Team = action.Team is { } team ? EnumMap<Team, V1.Team>.ToProto(team) : V1.Team.Unspecified,
            DeliveredAt = action.DeliveredAt is { } delivered ? IsoTime.Format(delivered) : "",
            FailureReason = action.FailureReason ?? "",
        };
        message.Reasons.AddRange(action.Reasons);
        message.Notices.AddRange(action.Notices);
        foreach (var member in action.Cases)
        {
            message.Cases.Add(new V1.BundledCase { CaseId = member.CaseId, StepId = member.StepId, AmountDue = Money(member.AmountDue) });
        }

        return message;
    }

    public static V1.WorklistItem ToMessage(Journey.Abstractions.Worklists.WorklistEntry entry) => new()
    {
        ItemId = entry.Item.ItemId,
        Kind = EnumMap<WorklistKind, V1.WorklistKind>.ToProto(entry.Kind),
        CustomerId = entry.Item.CustomerId,
        CaseId = entry.Item.CaseId ?? "",
        Since = entry.Item.Since is { } since ? IsoTime.Format(since) : "",
        PromisedFor = entry.Item.PromisedFor is { } day ? IsoTime.Format(day) : "",
        AmountDue = Money(entry.Item.AmountDue),
        Detail = entry.Item.Detail,
        TakenBy = entry.Lease?.Agent ?? "",
        TakenAt = entry.Lease is { } taken ? IsoTime.Format(taken.TakenAt) : "",
        LeasedUntil = entry.Lease is { } lease ? IsoTime.Format(lease.Until) : "",
    };

    public static V1.ContactDecision ToMessage(ContactDecision decision)
    {
        var message = new V1.ContactDecision
        {
            Outcome = EnumMap<ContactOutcome, V1.ContactOutcome>.ToProto(decision.Outcome),
            DeferredUntil = decision.DeferredUntil is { } until ? IsoTime.Format(until) : "",
            Sender = EnumMap<Sender, V1.Sender>.ToProto(decision.Sender),
            SenderName = decision.SenderName,
            WkiNumber = decision.WkiNumber ?? "",
            SuggestedChannel = decision.SuggestedChannel is { } channel ? EnumMap<Channel, V1.Channel>.ToProto(channel) : V1.Channel.Unspecified,
            ActionId = decision.ActionId ?? "",
            PolicyVersion = decision.PolicyVersion,
        };
        message.Reasons.AddRange(decision.Reasons);
        return message;
    }

    public static T? ToDomain<T, TProto>(TProto value)
        where T : struct, Enum
        where TProto : struct, Enum => EnumMap<T, TProto>.ToDomain(value);

    /// <summary>A decimal string with at least two decimals, never rounded (as GraphQL writes the number).</summary>
    public static V1.Receivables ToMessage(ReceivablesFigures figures, double? dso, ImmutableArray<ForecastWeek> forecast)
    {
        var message = new V1.Receivables
        {
            Today = IsoTime.Format(figures.Today),
            Open = Money(figures.Open),
            Overdue = Money(figures.Overdue),
            PromisesKept = (int)figures.PromisesKept,
            PromisesBroken = (int)figures.PromisesBroken,
        };
        if (dso is { } days)
        {
            message.Dso = days;
        }

        if (figures.PromiseKeptRate() is { } rate)
        {
            message.PromiseKeptRate = rate;
        }

        message.Ageing.AddRange(figures.Ageing().Select(row => new V1.AgeingRow { Bucket = row.Bucket.ToString(), Amount = Money(row.Amount), Count = (int)row.Count }));
        message.Forecast.AddRange(forecast.Select(week => new V1.ForecastWeek { WeekStart = IsoTime.Format(week.WeekStart), Expected = Money(week.Expected), Received = Money(week.Received) }));
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
