using System.Text.Json;
using Journey.Api.V1;

namespace Journey.Connectors.Senders;

/// <summary>
/// The embedded default's delivery: every message written under the outbox folder instead of sent — an e-mail as
/// <c>{tenant}/{actionId}.eml</c> (open it in any mail client), an SMS or an APP/WEB/CHAT message as
/// <c>.sms.json</c> / <c>.json</c>; letters go to the same folder as PDFs through <see cref="LetterSender"/>.
/// </summary>
public sealed class OutboxSender(string folder, string from) : IChannelSender
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public bool Handles(Channel channel) => channel is Channel.Email or Channel.Sms or Channel.App or Channel.Web or Channel.Chat;

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellation)
    {
        if (message.Channel == Channel.Email)
        {
            var mime = SmtpEmailSender.Compose(message, from);
            await AtomicFile.WriteAsync(AtomicFile.PathOf(folder, message.Tenant, message.ActionId, ".eml"), file => mime.WriteToAsync(file, cancellation), cancellation);
        }
        else
        {
            var extension = message.Channel == Channel.Sms ? ".sms.json" : ".json";
            var json = JsonSerializer.SerializeToUtf8Bytes(WebhookSender.Payload("message", message), Indented);
            await AtomicFile.WriteAsync(AtomicFile.PathOf(folder, message.Tenant, message.ActionId, extension), file => file.WriteAsync(json, cancellation).AsTask(), cancellation);
        }

        return SendResult.Done;
    }
}
