using System.Collections.Concurrent;
using System.Net.Sockets;
using Journey.Api.V1;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Journey.Connectors.Senders;

/// <summary>
/// E-mail over SMTP (MailKit): a small pool of connected clients, each message with a text and an HTML part and a
/// <c>Message-ID</c> made from the action id, so that the mailbox and the engine name the same message.
/// </summary>
public sealed class SmtpEmailSender(SmtpSettings settings) : IChannelSender, IDisposable
{
    private readonly ConcurrentBag<SmtpClient> _idle = [];

    public bool Handles(Channel channel) => channel == Channel.Email;

    public static MimeMessage Compose(OutgoingMessage message, string from)
    {
        var mime = new MimeMessage
        {
            MessageId = MessageIdOf(message),
            Subject = message.Subject,
            Date = DateTimeOffset.UtcNow,
        };
        mime.From.Add(new MailboxAddress(message.SenderName, from));
        mime.To.Add(new MailboxAddress(message.Recipient.Name, message.Recipient.Email));
        mime.Headers.Add("X-Journey-Action", message.ActionId);
        mime.Headers.Add("X-Journey-Tenant", message.Tenant);
        var body = new BodyBuilder { TextBody = message.Text };
        if (message.Html.Length > 0)
        {
            body.HtmlBody = message.Html;
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary>The Message-ID (without angle brackets): the action id at the tenant's connector domain.</summary>
    public static string MessageIdOf(OutgoingMessage message) => $"{message.ActionId}@{message.Tenant}.journey";

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellation)
    {
        var mime = Compose(message, settings.From);
        SmtpClient? client = null;
        try
        {
            client = await ConnectedAsync(cancellation);
            await client.SendAsync(mime, cancellation);
            _idle.Add(client);
            client = null;
            return SendResult.Done;
        }
        catch (SmtpCommandException exception) when ((int)exception.StatusCode >= 500)
        {
            return SendResult.Refused($"rejected: {(int)exception.StatusCode} {exception.Message}");
        }
        catch (Exception exception) when (exception is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException)
        {
            client?.Dispose();
            client = null;
            return SendResult.Later(exception.Message);
        }
        finally
        {
            if (client is not null)
            {
                _idle.Add(client);
            }
        }
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken cancellation)
    {
        while (_idle.TryTake(out var client))
        {
            if (client.IsConnected)
            {
                return client;
            }

            client.Dispose();
        }

        var fresh = new SmtpClient { Timeout = 30_000 };
        await fresh.ConnectAsync(settings.Host ?? "127.0.0.1", settings.Port, MailKit.Security.SecureSocketOptions.None, cancellation);
        return fresh;
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var client))
        {
            client.Dispose();
        }
    }
}
