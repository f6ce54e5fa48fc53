using Journey.Api.GraphQL;
using Journey.Domain;
using Journey.Messages;
using V1 = Journey.Api.V1;

namespace Journey.Api.Wire;

/// <summary>The message an action becomes, as both APIs serve it (GraphQL <c>message</c>, gRPC <c>RenderMessage</c>).</summary>
public static class MessageWire
{
    public static readonly WireType<Recipient, V1.Recipient> Recipient = new WireType<Recipient, V1.Recipient>("Recipient")
        .Text("name", r => r.Name)
        .Text("email", r => r.Email)
        .Text("phone", r => r.Phone)
        .Texts("addressLines", r => r.AddressLines)
        .Text("postalCode", r => r.PostalCode)
        .Text("city", r => r.City)
        .Text("country", r => r.Country);

    public static readonly WireType<OutgoingMessage, V1.OutgoingMessage> Message = new WireType<OutgoingMessage, V1.OutgoingMessage>("OutgoingMessage",
            "The message an action becomes, rendered now from the tenant's templates in the customer's language: what connectors send.")
        .Text("actionId", m => m.ActionId, required: true)
        .Text("customerId", m => m.CustomerId, required: true)
        .Choice("kind", m => m.Kind)
        .Choice("channel", m => m.Channel)
        .Choice("status", m => m.Status)
        .Text("senderName", m => m.SenderName, required: true)
        .Text("wkiNumber", m => m.WkiNumber)
        .Day("letterDate", m => m.LetterDate, required: true)
        .One<RecipientGraphType, Recipient, V1.Recipient>("recipient", m => m.Recipient, () => Recipient, required: true)
        .Text("language", m => m.Content?.Language)
        .Text("template", m => m.Content?.TemplateName)
        .Text("subject", m => m.Content?.Subject)
        .Text("text", m => m.Content?.Text)
        .Text("html", m => m.Content?.Html)
        .Text("paymentUrl", m => m.PaymentUrl)
        .Time("sendFrom", m => m.SendFrom, required: true, description: "The first moment it may be sent: now, or the end of quiet hours, a Sunday or a holiday.")
        .Text("failure", m => m.Failure, description: "Why it cannot be sent: no-address, no-template; null when it can.")
        .Flag("bookedByTeam", m => m.BookedByTeam, description: "A team booked it through requestContact and makes the contact itself.")
        .GraphQLOnly("letterPdf", "the letter's PDF for a screen's preview; connectors render letters themselves from the same fields")
        .ProtoOnly("tenant", "connectors serve several tenants over one stream; GraphQL asked for the message by tenant")
        .ProtoOnly("rendered_at", "the business clock a connector compares send_from with; a screen shows send_from");
}
