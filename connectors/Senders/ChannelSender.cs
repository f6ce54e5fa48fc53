using Journey.Api.V1;

namespace Journey.Connectors.Senders;

public enum SendOutcome
{
    /// <summary>The channel took the message.</summary>
    Sent,

    /// <summary>The channel refused it for good (an address that does not exist, a number the provider refuses): reported as MESSAGE_FAILED.</summary>
    Rejected,

    /// <summary>The channel could not be reached or asked to try later: tried again, never dropped.</summary>
    Retry,
}

public readonly record struct SendResult(SendOutcome Outcome, string? Reason = null)
{
    public static readonly SendResult Done = new(SendOutcome.Sent);

    public static SendResult Refused(string reason) => new(SendOutcome.Rejected, reason);

    public static SendResult Later(string reason) => new(SendOutcome.Retry, reason);
}

/// <summary>One way of delivering messages of some channels. Rendering is the engine's; a sender only delivers the message it is given.</summary>
public interface IChannelSender
{
    bool Handles(Channel channel);

    Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellation);
}

/// <summary>Writes a file so that it is either all there or not there: a temporary file, flushed, then renamed.</summary>
internal static class AtomicFile
{
    public static async Task WriteAsync(string path, Func<Stream, Task> write, CancellationToken cancellation)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 65536, FileOptions.Asynchronous))
        {
            await write(file);
            await file.FlushAsync(cancellation);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A file name that keeps an action id readable (<c>anna/a3</c> → folder <c>anna</c>, file <c>a3</c>) and cannot leave its folder.</summary>
    public static string PathOf(string folder, string tenant, string actionId, string extension)
    {
        var parts = actionId.Split('/').Select(p => string.Concat(p.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).TrimStart('.'));
        return Path.Combine([folder, tenant, .. parts.Where(p => p.Length > 0)]) + extension;
    }
}
