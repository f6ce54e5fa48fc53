using System.Text.Json;
using System.Text.Json.Serialization;
using Journey.Domain;
using Journey.Abstractions;

namespace Journey.Api.Reading;

/// <summary>The JSON document a customer's data is exported as: the same for GraphQL and gRPC.</summary>
public static class CustomerExportDocument
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write(CustomerExport export, DateTimeOffset exportedAt)
    {
        var state = export.State;
        var document = new
        {
            tenant = state.Tenant,
            customerId = state.CustomerId,
            exportedAt = IsoTime.Format(exportedAt),
            version = state.Version,
            timelineCount = state.TimelineCount,
            timeline = state.Timeline.Concat(export.ArchivedTimeline).OrderByDescending(t => t.OccurredAt).ToList(),
            state.Cases,
            state.Holds,
            state.Flags,
            state.Consents,
            contactDetails = state.Contact,
            state.Contacts,
            state.Promises,
            state.Arrangements,
            state.Credits,
            state.Advance,
            state.Actions,
            state.Suppressed,
            decisionLog = export.DecisionLog.IsDefault ? [] : export.DecisionLog,
            state.Feedback,
            paidAfterContacts = state.PaidAfter,
            state.Segments,
            riskLevel = state.RiskLevel,
            state.ExperimentAssignments,
        };
        return JsonSerializer.Serialize(document, Json);
    }
}
