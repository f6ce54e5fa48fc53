namespace Journey.Tests.Infrastructure;

/// <summary>Policy documents the multi-process tests write into a silo's policy folder.</summary>
public static class TestPolicies
{
    /// <summary>
    /// E-mail reminders at the given offsets (ISO-8601 durations), at any hour and on any day: no quiet
    /// hours for reminders, Sundays and public holidays allowed, a budget that lets every step through.
    /// </summary>
    public static string RemindersAtAnyHour(string description, params (string Id, string After)[] reminders) =>
        string.Join('\n', [
            $"description: {description}",
            "timeZone: Europe/Amsterdam",
            "client:",
            "  name: Test client",
            "agency:",
            "  name: Test agency",
            "  wkiNumber: \"WKI-0001\"",
            "ladder:",
            .. reminders.SelectMany(r => new[] { $"  - id: {r.Id}", $"    after: {r.After}", "    kind: REMINDER", "    channel: EMAIL", $"    template: {r.Id}" }),
            "budget:",
            "  maxContacts: 10",
            "  minGap: PT1S",
            "quietHours:",
            "  sundays: false",
            "  publicHolidays: false",
            "  exempt: [REMINDER]",
            "",
        ]);
}
