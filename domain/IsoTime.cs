using System.Globalization;

namespace Journey.Domain;

/// <summary>ISO-8601 text for times: input must carry an offset; output always does.</summary>
public static class IsoTime
{
    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mmzzz",
    ];

    private static readonly string[] UtcFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm'Z'",
    ];

    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return false;
        }

        if (TryParseCommon(text, out instant))
        {
            return true;
        }

        var normalized = text.Trim().Replace('t', 'T');
        if (normalized.EndsWith('Z') || normalized.EndsWith('z'))
        {
            normalized = normalized[..^1] + "Z";
            return DateTimeOffset.TryParseExact(normalized, UtcFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
        }

        return DateTimeOffset.TryParseExact(normalized, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    /// <summary>
    /// The shape nearly every backend sends, <c>yyyy-MM-ddTHH:mm:ss±HH:mm</c>, read without the
    /// format parser (a measurable share of ingest); anything else, or anything out of range, goes
    /// the general way and is judged there.
    /// </summary>
    private static bool TryParseCommon(string text, out DateTimeOffset instant)
    {
        instant = default;
        if (text.Length != 25 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[22] != ':' || (text[19] != '+' && text[19] != '-'))
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || !Digits(text, 20, 2, out var offsetHours) || !Digits(text, 23, 2, out var offsetMinutes))
        {
            return false;
        }

        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59 || offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 14 * 60)
        {
            return false;
        }

        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
        instant = new DateTimeOffset(year, month, day, hour, minute, second, text[19] == '-' ? -offset : offset);
        return true;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = value * 10 + digit;
        }

        return true;
    }

    public static string Format(DateTimeOffset instant) =>
        instant.ToString(instant.Ticks % TimeSpan.TicksPerSecond == 0
            ? "yyyy-MM-dd'T'HH:mm:sszzz"
            : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
