using Journey.Api.GraphQL;
using Journey.Domain.Rules;
using V1 = Journey.Api.V1;

namespace Journey.Api.Wire;

/// <summary>The credit manager's figures, as both APIs serve them (GraphQL <c>receivables</c>, gRPC <c>GetReceivables</c>).</summary>
public static class ReceivablesWire
{
    public static readonly WireType<AgeingRow, V1.AgeingRow> AgeingRow = new WireType<AgeingRow, V1.AgeingRow>("AgeingRow")
        .Choice("bucket", r => r.Bucket, description: "CURRENT: not past due; D1_30 … D90_PLUS: days past due.", graphType: typeof(AgeingBucketGraphType))
        .Money("amount", r => r.Amount, required: true)
        .Integer("count", r => r.Count, description: "Open cases.");

    public static readonly WireType<ForecastWeek, V1.ForecastWeek> ForecastWeek = new WireType<ForecastWeek, V1.ForecastWeek>("ForecastWeek")
        .Day("weekStart", w => w.WeekStart, required: true)
        .Money("expected", w => w.Expected, required: true)
        .Money("received", w => w.Received, required: true);

    public static readonly WireType<ReceivablesFigures, V1.Receivables> Figures = new WireType<ReceivablesFigures, V1.Receivables>("Receivables",
            "Amounts in the tenant's currency (a tenant invoicing in several gets their sum); definitions and a worked example in docs/credit-numbers.md.")
        .Day("today", r => r.Today, required: true, description: "The day the figures are read for, in the tenant's zone.")
        .Many<AgeingRowGraphType, AgeingRow, V1.AgeingRow>("ageing", r => r.Ageing(), () => AgeingRow, description: "Open amounts and cases by days past due, every bucket in order.")
        .Money("open", r => r.Open, required: true)
        .Money("overdue", r => r.Overdue, required: true)
        .Separately("dso", "dso", "the period is an argument in both: GraphQL's dso(days), gRPC's dso_days")
        .Number("promiseKeptRate", r => r.PromiseKeptRate(), description: "Promises paid in full by their day, of those kept or broken; null before any.")
        .Integer("promisesKept", r => r.PromisesKept)
        .Integer("promisesBroken", r => r.PromisesBroken)
        .Separately("forecast", "forecast", "the weeks are arguments in both: GraphQL's forecast(weeks, past), gRPC's forecast_weeks and forecast_past");
}
