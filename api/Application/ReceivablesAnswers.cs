using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Api.Application;

/// <summary>The receivables figures' parameterised answers as both APIs give them, each argument checked and refused by name.</summary>
public static class ReceivablesAnswers
{
    public const int DefaultDsoDays = 90;
    public const int DefaultForecastWeeks = 13;

    public static double? Dso(ReceivablesFigures figures, int? days)
    {
        var period = days ?? DefaultDsoDays;
        return period is < 1 or > ReceivablesFacts.MaxCountbackDays
            ? throw new InvalidInputException(new FieldError("days", $"must be between 1 and {ReceivablesFacts.MaxCountbackDays}"))
            : figures.Dso(period);
    }

    public static ImmutableArray<ForecastWeek> Forecast(ReceivablesFigures figures, int? weeks, int? past)
    {
        var (ahead, back) = (weeks ?? DefaultForecastWeeks, past ?? 0);
        if (ahead is < 1 or > 104)
        {
            throw new InvalidInputException(new FieldError("weeks", "must be between 1 and 104"));
        }

        return back is < 0 or > 104
            ? throw new InvalidInputException(new FieldError("past", "must be between 0 and 104"))
            : figures.Forecast(ahead, back);
    }
}
