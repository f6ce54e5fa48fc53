using System.Globalization;
using System.Text;

namespace Journey.Connectors;

/// <summary>
/// What these connectors did for one tenant, kept on disk so that a restart (or a <c>kill -9</c>) neither loses nor
/// repeats a message: an append-only journal (<c>S</c> sent, report pending; <c>F</c> failed, report pending; <c>R</c>
/// reported) written and flushed to disk before the step it records is taken further, and the WatchActions cursor
/// up to which every entry is done. An e-mail the SMTP server accepted just before the process died, before its
/// <c>S</c> line reached the disk, is the one thing sent twice (docs/connectors.md).
/// </summary>
public sealed class DeliveryJournal : IDisposable
{
    private readonly Lock _gate = new();
    private readonly FileStream _journal;
    private readonly string _cursorFile;
    private readonly Dictionary<string, char> _state = new(StringComparer.Ordinal);
    private readonly SortedSet<long> _inFlight = [];
    private long _highestSeen;

    public DeliveryJournal(string folder, string tenant)
    {
        Directory.CreateDirectory(folder);
        var journalFile = Path.Combine(folder, $"{tenant}.journal");
        _cursorFile = Path.Combine(folder, $"{tenant}.cursor");
        if (File.Exists(journalFile))
        {
            foreach (var line in File.ReadLines(journalFile))
            {
                // A line cut short by a crash has no newline after it and is not a whole record: it is dropped.
                if (line.Length > 2 && line[1] == ' ')
                {
                    _state[line[2..]] = line[0] == 'R' || (_state.TryGetValue(line[2..], out var was) && was == 'R') ? 'R' : line[0];
                }
            }
        }

        _journal = new FileStream(journalFile, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
        Cursor = File.Exists(_cursorFile) && long.TryParse(File.ReadAllText(_cursorFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) ? cursor : 0;
        _highestSeen = Cursor;
    }

    /// <summary>Every envelope up to here is done: a restart resumes after it.</summary>
    public long Cursor { get; private set; }

    /// <summary>What is known of the action: <c>S</c> sent and not yet reported, <c>F</c> failed and not yet reported, <c>R</c> reported, or none.</summary>
    public char? StateOf(string actionId)
    {
        lock (_gate)
        {
            return _state.TryGetValue(actionId, out var state) ? state : null;
        }
    }

    public void Sent(string actionId) => Write('S', actionId);

    public void Failed(string actionId) => Write('F', actionId);

    public void Reported(string actionId) => Write('R', actionId);

    /// <summary>An envelope taken from the stream, not done yet.</summary>
    public void Begin(long sequence)
    {
        lock (_gate)
        {
            _inFlight.Add(sequence);
            _highestSeen = Math.Max(_highestSeen, sequence);
        }
    }

    /// <summary>An envelope done: the cursor moves up to just before the oldest one still in flight.</summary>
    public void Done(long sequence)
    {
        long cursor;
        lock (_gate)
        {
            _inFlight.Remove(sequence);
            cursor = _inFlight.Count == 0 ? _highestSeen : _inFlight.Min - 1;
            if (cursor <= Cursor)
            {
                return;
            }

            Cursor = cursor;
        }

        var temporary = _cursorFile + ".tmp";
        File.WriteAllText(temporary, cursor.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, _cursorFile, overwrite: true);
    }

    private void Write(char kind, string actionId)
    {
        var line = Encoding.UTF8.GetBytes($"{kind} {actionId}\n");
        lock (_gate)
        {
            _journal.Write(line);
            _journal.Flush(flushToDisk: true);
            _state[actionId] = kind == 'R' || (_state.TryGetValue(actionId, out var was) && was == 'R') ? 'R' : kind;
        }
    }

    public void Dispose() => _journal.Dispose();
}
