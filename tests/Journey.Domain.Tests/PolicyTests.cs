using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Tests;

public class PolicyParserTests
{
    public static string RepoFile(string relative)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Journey.sln")))
        {
            directory = directory.Parent;
        }

        return File.ReadAllText(Path.Combine(directory!.FullName, relative));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("webshop")]
    [InlineData("housing")]
    public void Shipped_policies_are_valid(string tenant)
    {
        var result = PolicyParser.Parse(tenant, RepoFile($"policies/{tenant}.yaml"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.NotEmpty(result.Policy!.Ladder);
    }

    [Fact]
    public void The_webshop_ladder_reads_as_written()
    {
        var policy = PolicyParser.Parse("webshop", RepoFile("policies/webshop.yaml")).Policy!;

        Assert.Equal(["reminder-1", "reminder-2", "letter", "call", "handover", "agency-reminder"], policy.Ladder.Select(s => s.Id));
        Assert.Equal(Period.FromDays(7), policy.Ladder[1].After);
        Assert.Equal((ActionKind.CALL_TASK, Channel.PHONE, 10.00m), (policy.Ladder[3].Kind, policy.Ladder[3].Channel, policy.Ladder[3].When.MinAmount!.Value));
        Assert.Equal(("CBMK Incasso", "WKI-2024-0117"), (policy.Agency.Name, policy.Agency.WkiNumber));
        Assert.Equal(new LocalTime(20, 0), policy.QuietHours.Start);
    }

    [Fact]
    public void Bundling_is_off_unless_the_policy_says_so_and_on_in_the_webshop_and_housing_policies()
    {
        Assert.Null(PolicyParser.Parse("t", "client: { name: Shop }\n").Policy!.Bundling);
        Assert.Null(PolicyParser.Parse("default", RepoFile("policies/default.yaml")).Policy!.Bundling);
        foreach (var tenant in new[] { "webshop", "housing" })
        {
            var bundling = PolicyParser.Parse(tenant, RepoFile($"policies/{tenant}.yaml")).Policy!.Bundling!;
            Assert.Equal(Period.FromDays(3), bundling.Within);
            Assert.Equal(new[] { ActionKind.REMINDER, ActionKind.FINAL_NOTICE, ActionKind.CALL_TASK }, bundling.Kinds.AsEnumerable());
        }

        var written = PolicyParser.Parse("t", "bundling: { within: PT36H, kinds: [REMINDER] }\n").Policy!.Bundling!;
        Assert.Equal((Period.FromHours(36), true, false), (written.Within, written.Bundles(ActionKind.REMINDER), written.Bundles(ActionKind.CALL_TASK)));
    }

    public static TheoryData<string, string, int, string> Invalid => new()
    {
        { "syntax", "ladder:\n  - id: a\n    after: [P1D\n", 4, "$" },
        { "unknown channel", "ladder:\n  - id: a\n    after: P1D\n    kind: REMINDER\n    channel: PIGEON\n", 5, "$.ladder[0].channel" },
        { "negative offset", "ladder:\n  - id: a\n    after: -P1D\n    kind: REMINDER\n    channel: EMAIL\n", 3, "$.ladder[0].after" },
        { "not a duration", "ladder:\n  - id: a\n    after: two weeks\n    kind: REMINDER\n    channel: EMAIL\n", 3, "$.ladder[0].after" },
        { "unknown key", "ladder:\n  - id: a\n    afterr: P1D\n    kind: REMINDER\n    channel: EMAIL\n", 3, "$.ladder[0].afterr" },
        { "client after handover", "agency:\n  name: A\n  wkiNumber: W-1\nladder:\n  - id: h\n    after: P1D\n    kind: HANDOVER_TO_COLLECTION\n    channel: LETTER\n    sender: AGENCY\n  - id: r\n    after: P1D\n    kind: REMINDER\n    channel: EMAIL\n    sender: CLIENT\n", 10, "$.ladder[1].sender" },
        { "agency without WKI number", "ladder:\n  - id: h\n    after: P1D\n    kind: HANDOVER_TO_COLLECTION\n    channel: LETTER\n    sender: AGENCY\n", 2, "$.agency.wkiNumber" },
        { "bad time zone", "timeZone: Mars/Olympus\n", 1, "$.timeZone" },
        { "bad quiet hour", "quietHours:\n  start: 8pm\n", 2, "$.quietHours.start" },
        { "duplicate step id", "ladder:\n  - id: a\n    after: P1D\n    kind: REMINDER\n    channel: EMAIL\n  - id: a\n    after: P1D\n    kind: REMINDER\n    channel: EMAIL\n", 6, "$.ladder[1].id" },
        { "missing kind", "ladder:\n  - id: a\n    after: P1D\n    channel: EMAIL\n", 2, "$.ladder[0].kind" },
        { "not a mapping", "- just\n- a list\n", 1, "$" },
        { "bad budget", "budget:\n  maxContacts: many\n", 2, "$.budget.maxContacts" },
        { "a handover does not bundle", "bundling:\n  within: P3D\n  kinds: [REMINDER, HANDOVER_TO_COLLECTION]\n", 3, "$.bundling.kinds" },
        { "bundling that names no kind", "bundling:\n  within: P3D\n  kinds: []\n", 3, "$.bundling.kinds" },
        { "bundling window not a duration", "bundling:\n  within: three days\n", 2, "$.bundling.within" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Errors_name_the_line_and_path(string because, string document, int line, string path)
    {
        var result = PolicyParser.Parse("t", document);

        Assert.False(result.IsValid, because);
        Assert.Contains(result.Errors, e => e.Line == line && e.Path == path);
    }
}

public class DutchHolidayTests
{
    [Theory]
    [InlineData(2026, "2026-01-01 2026-01-02 2026-04-03 2026-04-06 2026-04-27 2026-05-04 2026-05-05 2026-05-14 2026-05-15 2026-05-25 2026-12-25 2026-12-26")]
    [InlineData(2024, "2024-01-01 2024-03-29 2024-04-01 2024-04-27 2024-05-05 2024-05-09 2024-05-10 2024-05-20 2024-12-25 2024-12-26 2024-12-27")]
    [InlineData(2025, "2025-01-01 2025-04-18 2025-04-21 2025-04-26 2025-05-05 2025-05-29 2025-05-30 2025-06-09 2025-12-25 2025-12-26")]
    [InlineData(2030, "2030-01-01 2030-04-19 2030-04-22 2030-04-27 2030-05-05 2030-05-30 2030-05-31 2030-06-10 2030-12-25 2030-12-26 2030-12-27")]
    [InlineData(2029, "2029-01-01 2029-03-30 2029-04-02 2029-04-27 2029-05-05 2029-05-10 2029-05-11 2029-05-21 2029-12-24 2029-12-25 2029-12-26 2029-12-31")]
    public void Holidays_of_the_Algemene_termijnenwet_and_their_bridge_days(int year, string expected)
    {
        var days = DutchHolidays.HolidaysOf(year).Order().Select(d => d.ToString("yyyy-MM-dd", null));

        Assert.Equal(expected.Split(' '), days);
    }

    [Fact]
    public void The_sixth_of_May_when_Ascension_is_the_seventh() =>
        Assert.Contains(new LocalDate(2043, 5, 6), DutchHolidays.HolidaysOf(2043));

    [Fact]
    public void Kings_day_moves_to_the_26th_when_the_27th_is_a_Sunday()
    {
        Assert.Contains(new LocalDate(2025, 4, 26), DutchHolidays.HolidaysOf(2025));
        Assert.DoesNotContain(new LocalDate(2025, 4, 27), DutchHolidays.HolidaysOf(2025));
    }

    [Theory]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2019, "2019-04-21")]
    public void Easter(int year, string sunday) => Assert.Equal(sunday, DutchHolidays.EasterSunday(year).ToString("yyyy-MM-dd", null));
}
