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
    public RecipientGraphType() => Wire.MessageWire.Recipient.AddTo(this);
}

public sealed class OutgoingMessageGraphType : ObjectGraphType<Messages.OutgoingMessage>
{
    public OutgoingMessageGraphType() => Wire.MessageWire.Message.AddTo(this, new Dictionary<string, Action<ObjectGraphType<Messages.OutgoingMessage>>>
    {
        ["letterPdf"] = type => type.Field<StringGraphType>("letterPdf").Description("A letter as the print house receives it: the PDF, base64. Null for other channels.")
            .Resolve(c => c.Source.Channel == Channel.LETTER && c.Source.Content is not null && c.Source.Failure is null ? Convert.ToBase64String(c.Source.LetterPdf()) : null),
    });
}
