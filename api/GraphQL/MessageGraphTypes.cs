using GraphQL;
using GraphQL.Types;
using Journey.Api.Reading;
using Journey.Domain;
using Journey.Domain.Policies;
using Journey.Domain.Rules;
using Journey.Abstractions;

namespace Journey.Api.GraphQL;

// How these types are written: see the note at the top of CustomerGraphTypes.cs.

public sealed class RecipientGraphType : ObjectGraphType<Messages.Recipient>
{
    public RecipientGraphType()
    {
        Name = "Recipient";
        Field<StringGraphType>("name").Resolve(c => c.Source.Name);
        Field<StringGraphType>("email").Resolve(c => c.Source.Email);
        Field<StringGraphType>("phone").Resolve(c => c.Source.Phone);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("addressLines").Resolve(c => c.Source.AddressLines);
        Field<StringGraphType>("postalCode").Resolve(c => c.Source.PostalCode);
        Field<StringGraphType>("city").Resolve(c => c.Source.City);
        Field<StringGraphType>("country").Resolve(c => c.Source.Country);
    }
}

public sealed class OutgoingMessageGraphType : ObjectGraphType<Messages.OutgoingMessage>
{
    public OutgoingMessageGraphType()
    {
        Name = "OutgoingMessage";
        Description = "The message an action becomes, rendered now from the tenant's templates in the customer's language: what connectors send.";
        Field<NonNullGraphType<StringGraphType>>("actionId").Resolve(c => c.Source.ActionId);
        Field<NonNullGraphType<StringGraphType>>("customerId").Resolve(c => c.Source.CustomerId);
        Field<NonNullGraphType<EnumerationGraphType<ActionKind>>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<EnumerationGraphType<Channel>>>("channel").Resolve(c => c.Source.Channel);
        Field<NonNullGraphType<EnumerationGraphType<ActionStatus>>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("senderName").Resolve(c => c.Source.SenderName);
        Field<StringGraphType>("wkiNumber").Resolve(c => c.Source.WkiNumber);
        Field<NonNullGraphType<StringGraphType>>("letterDate").Resolve(c => IsoTime.Format(c.Source.LetterDate));
        Field<NonNullGraphType<RecipientGraphType>>("recipient").Resolve(c => c.Source.Recipient);
        Field<StringGraphType>("language").Resolve(c => c.Source.Content?.Language);
        Field<StringGraphType>("template").Resolve(c => c.Source.Content?.TemplateName);
        Field<StringGraphType>("subject").Resolve(c => c.Source.Content?.Subject);
        Field<StringGraphType>("text").Resolve(c => c.Source.Content?.Text);
        Field<StringGraphType>("html").Resolve(c => c.Source.Content?.Html);
        Field<StringGraphType>("paymentUrl").Resolve(c => c.Source.PaymentUrl);
        Field<NonNullGraphType<StringGraphType>>("sendFrom").Description("The first moment it may be sent: now, or the end of quiet hours, a Sunday or a holiday.").Resolve(c => IsoTime.Format(c.Source.SendFrom));
        Field<StringGraphType>("failure").Description("Why it cannot be sent: no-address, no-template; null when it can.").Resolve(c => c.Source.Failure);
        Field<NonNullGraphType<BooleanGraphType>>("bookedByTeam").Description("A team booked it through requestContact and makes the contact itself.").Resolve(c => c.Source.BookedByTeam);
        Field<StringGraphType>("letterPdf").Description("A letter as the print house receives it: the PDF, base64. Null for other channels.")
            .Resolve(c => c.Source.Channel == Channel.LETTER && c.Source.Content is not null && c.Source.Failure is null ? Convert.ToBase64String(c.Source.LetterPdf()) : null);
    }
}
