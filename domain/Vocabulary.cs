using System.Text.Json.Serialization;

namespace Journey.Domain;

// Enum names are part of the contract (GraphQL enum values, proto names, stored state):
// they may be added to, never renamed. Stored state writes them as strings.

[JsonConverter(typeof(JsonStringEnumConverter<TouchpointType>))]
public enum TouchpointType
{
    ORDER_PLACED,
    INVOICE_ISSUED,
    PAYMENT_RECEIVED,
    PAYMENT_FAILED,
    MESSAGE_SENT,
    MESSAGE_DELIVERED,
    MESSAGE_OPENED,
    MESSAGE_FAILED,
    CALL_COMPLETED,
    COMPLAINT_OPENED,
    COMPLAINT_RESOLVED,
    DISPUTE_OPENED,
    DISPUTE_RESOLVED,
    PROMISE_TO_PAY,
    PAYMENT_ARRANGEMENT_AGREED,
    APP_OPENED,
    WEB_VISIT,
    CHAT_MESSAGE,
    NPS_RESPONSE,
    ADVANCE_AMOUNT_CHANGED,
    CUSTOMER_FLAGGED,
    CONSENT_CHANGED,
    CREDIT_NOTE_ISSUED,
    PAYMENT_REVERSED,
    CASE_WRITTEN_OFF,
    CONTACT_DETAILS_CHANGED,
}

[JsonConverter(typeof(JsonStringEnumConverter<Channel>))]
public enum Channel
{
    EMAIL,
    LETTER,
    PHONE,
    SMS,
    APP,
    WEB,
    CHAT,
}

[JsonConverter(typeof(JsonStringEnumConverter<Team>))]
public enum Team
{
    SALES,
    SERVICE,
    BILLING,
    COLLECTION,
}

[JsonConverter(typeof(JsonStringEnumConverter<CaseStage>))]
public enum CaseStage
{
    OPEN,
    OVERDUE,
    REMINDED,
    FINAL_NOTICE,
    HANDED_OVER,
    LEGAL,
    PAID,
    CLOSED,
}

[JsonConverter(typeof(JsonStringEnumConverter<HoldKind>))]
public enum HoldKind
{
    COMPLAINT,
    DISPUTE,
}

[JsonConverter(typeof(JsonStringEnumConverter<CustomerFlag>))]
public enum CustomerFlag
{
    VULNERABLE,
    INSOLVENCY,
    DECEASED,
}

[JsonConverter(typeof(JsonStringEnumConverter<DebtorType>))]
public enum DebtorType
{
    CONSUMER,
    BUSINESS,
}

/// <summary>What was decided about a dispute (DISPUTE_RESOLVED <c>outcome</c>).</summary>
public static class DisputeOutcomes
{
    public const string Upheld = "UPHELD";
    public const string Rejected = "REJECTED";

    /// <summary>A resolution that named no outcome (as before outcomes were asked for).</summary>
    public const string Unstated = "RESOLVED";

    public const string CreditNote = "CREDIT_NOTE";
    public const string WriteOff = "WRITE_OFF";
}

/// <summary>Keys of <see cref="Touchpoint.Attributes"/> that the engine reads.</summary>
public static class AttributeKeys
{
    public const string DebtorType = "debtorType";
    public const string Reason = "reason";
    public const string Reference = "reference";
    public const string Flag = "flag";
    public const string Value = "value";
    public const string Granted = "granted";
    public const string Score = "score";
    public const string Outcome = "outcome";
    public const string NonPaymentReason = "nonPaymentReason";
    public const string ExpectedAmount = "expectedAmount";
    public const string Withholding = "withholding";

    /// <summary>On DISPUTE_RESOLVED: who decided (the person or role); the touchpoint's team when absent.</summary>
    public const string DecidedBy = "decidedBy";

    /// <summary>On DISPUTE_RESOLVED with outcome UPHELD: CREDIT_NOTE (the touchpoint's amount, or all that is due) or WRITE_OFF.</summary>
    public const string Settlement = "settlement";

    /// <summary>On PAYMENT_ARRANGEMENT_AGREED: the time between instalments (ISO-8601 period, default P1M).</summary>
    public const string Interval = "interval";

    // On CONTACT_DETAILS_CHANGED: each present key replaces that detail; an empty value removes it.
    public const string Name = "name";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string AddressLines = "addressLines";
    public const string PostalCode = "postalCode";
    public const string City = "city";
    public const string Country = "country";
    public const string Language = "language";
}

/// <summary>A customer's early-warning level (policy <c>risk</c>).</summary>
public enum RiskLevel
{
    NONE,
    LOW,
    MEDIUM,
    HIGH,
}
