namespace Journey.Abstractions.Audit;

/// <summary>The actions the trail records.</summary>
public static class AuditActions
{
    public const string PolicyChanged = "POLICY_CHANGED";
    public const string TemplatesChanged = "TEMPLATES_CHANGED";
    public const string CustomerExported = "CUSTOMER_EXPORTED";
    public const string CustomerErased = "CUSTOMER_ERASED";
    public const string ClockMoved = "CLOCK_MOVED";
    public const string WorklistTaken = "WORKLIST_ITEM_TAKEN";
    public const string WorklistCompleted = "WORKLIST_ITEM_COMPLETED";

    /// <summary>The trail of what concerns every tenant at once (the business clock).</summary>
    public const string ClusterTrail = "*";

    /// <summary>What an erased customer's id becomes in the lines that named it.</summary>
    public const string Erased = "(erased)";
}
