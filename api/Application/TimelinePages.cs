using Journey.Domain;

namespace Journey.Api.Application;

/// <summary>A page of a timeline as both APIs serve it.</summary>
public static class TimelinePages
{
    /// <summary>
    /// Newest first. <paramref name="before"/> is either an eventId of the timeline (entries older than it)
    /// or an ISO-8601 time (entries that occurred before it).
    /// </summary>
    public static IEnumerable<Touchpoint> Page(IEnumerable<Touchpoint> timeline, int first, string? before)
    {
        if (!string.IsNullOrEmpty(before))
        {
            if (IsoTime.TryParseInstant(before, out var instant))
            {
                timeline = timeline.Where(t => t.OccurredAt < instant);
            }
            else
            {
                timeline = timeline.SkipWhile(t => t.EventId != before).Skip(1);
            }
        }

        return timeline.Take(first);
    }
}
