using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Journey.Domain.Policies;

namespace Journey.Domain.Rules;

/// <summary>Reason ids. Stable strings: clients and analysts filter on them.</summary>
public static class Reasons
{
    public static string Step(string stepId) => $"ladder.step:{stepId}";
    public const string QuietHoursDeferred = "quiet-hours.deferred";
    public const string CustomerErased = "privacy.erased";
    public static string PaysAfter(Channel channel) => $"learning.pays-after:{channel}";
    public static string RiskRose(RiskLevel level) => $"risk.rose:{level}";
    public static string RiskSignal(string signal) => $"risk.signal:{signal}";
    public const string BudgetWindow = "budget.max-contacts";
    public const string BudgetMinGap = "budget.min-gap";
    public static string BudgetChannel(Channel channel) => $"budget.channel-cap:{channel}";
    public static string Hold(HoldKind kind) => $"hold.{kind.ToString().ToLowerInvariant()}";
    public static string Flag(CustomerFlag flag) => $"flag.{flag.ToString().ToLowerInvariant()}";
    public const string VulnerableHumanChannel = "flag.vulnerable:human-channel";
    public static string NoConsent(Channel channel) => $"consent.missing:{channel}";
    public static string ConsentFallback(Channel from) => $"consent.fallback-from:{from}";
    /// <summary>A paid case cancels what is pending on it: the rule <c>SettledCaseCancelsPending</c> in <c>Engine.Settlement.cs</c>.</summary>
    public const string PaymentCancels = "payment.cancels-pending";

    /// <summary>A case closed otherwise (written off) cancels what is pending on it: the same rule.</summary>
    public const string CaseClosed = "case.closed";
    public const string MayHaveCrossed = "crossed-payment.notice";
    public const string ConditionDebtorType = "condition.debtor-type";
    public const string ConditionSegment = "condition.segment";
    public const string ConditionMinAmount = "condition.min-amount";
    public const string PromisePaused = "promise.paused";
    public const string PromiseBroken = "promise.broken";
    public const string PlanBroken = "plan.broken";
    public const string InstalmentDue = "plan.instalment-due";
    public const string HoldEnded = "hold.ended";
    public const string AppOpenedWhileOverdue = "trigger.app-opened-while-overdue";
    public const string ArrangementAgreed = "trigger.arrangement-agreed";
    public const string Replanned = "policy.replanned";
    public const string ContactRequested = "request-contact";
    public const string SenderClient = "sender.client";
    public const string SenderAgency = "sender.agency";
    public const string MissedWhileDown = "ladder.missed-steps-not-bursted";
    public const string FourteenDayLetter = "wik.fourteen-day-letter";
    public const string FourteenDayTerm = "wik.fourteen-day-term";

    public static string BusinessCosts(Policies.BusinessCostKind rule) => $"costs.business:{rule}";

    /// <summary>On a bundled contact: it speaks for several cases in one (policy <c>bundling</c>).</summary>
    public const string Bundled = "bundle";

    /// <summary>On a bundled contact, once per case it speaks for.</summary>
    public static string BundledCase(string caseId) => $"bundle.case:{caseId}";

    public const string BundlePrefix = "bundle";
}
