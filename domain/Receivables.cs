using System.Collections.Immutable;

namespace Journey.Domain;

/// <summary>Invoices, payments, credit notes, reversals and write-offs: what a customer owes on each case.</summary>
internal static class Receivables
{
    public static ApplyResult IssueInvoice(CustomerState state, Touchpoint tp)
    {
        var caseId = tp.CaseId!;
        if (state.FindCase(caseId) is not null)
        {
            return ApplyResult.Rejected(state, "caseId", $"case '{caseId}' already has an invoice");
        }

        var debtorType = Enum.TryParse<DebtorType>(tp.Attribute(AttributeKeys.DebtorType), out var parsed) ? parsed : DebtorType.CONSUMER;
        var @case = new CaseState
        {
            CaseId = caseId,
            InvoiceEventId = tp.EventId,
            Currency = tp.Currency!,
            AmountInvoiced = tp.Amount!.Value,
            DueDate = tp.DueDate!.Value,
            DebtorType = debtorType,
            OpenedAt = tp.OccurredAt,
        };

        // Money that arrived before the invoice: first what was paid on this case, then unassigned credit.
        var credits = state.Credits;
        foreach (var credit in state.Credits.Where(c => c.Currency == @case.Currency).OrderBy(c => c.CaseId is null).ThenBy(c => c.ReceivedAt))
        {
            if (credit.CaseId is not null && credit.CaseId != caseId)
            {
                continue;
            }

            var take = credit.CaseId == caseId ? credit.Amount : Math.Min(credit.Amount, Math.Max(0m, @case.Balance));
            if (take <= 0m)
            {
                continue;
            }

            @case = @case with { Payments = @case.Payments.Add(new PaymentAllocation(credit.PaymentEventId, take, credit.ReceivedAt)) };
            credits = credits.Remove(credit);
            if (take < credit.Amount)
            {
                credits = credits.Add(credit with { Amount = credit.Amount - take });
            }
        }

        return ApplyResult.Accepted(state with { Cases = state.Cases.Add(@case), Credits = credits });
    }

    public static ApplyResult ReceivePayment(CustomerState state, Touchpoint tp)
    {
        var amount = tp.Amount!.Value;
        var currency = tp.Currency!;

        if (tp.CaseId is { } caseId)
        {
            var target = state.FindCase(caseId);
            if (target is null)
            {
                var early = new Credit(tp.EventId, caseId, amount, currency, tp.OccurredAt);
                return ApplyResult.Accepted(state with { Credits = state.Credits.Add(early) });
            }

            if (target.Currency != currency)
            {
                return ApplyResult.Rejected(state, "currency", $"case '{caseId}' is in {target.Currency}, not {currency}");
            }

            var paid = target with { Payments = target.Payments.Add(new PaymentAllocation(tp.EventId, amount, tp.OccurredAt)) };
            return ApplyResult.Accepted(state with { Cases = state.Cases.Replace(target, paid) });
        }

        // No case named: settle open cases in the payment's currency, oldest due date first.
        var cases = state.Cases;
        var remaining = amount;
        foreach (var open in state.Cases.Where(c => c.IsOpen && c.Currency == currency).OrderBy(c => c.DueDate).ThenBy(c => c.OpenedAt))
        {
            if (remaining <= 0m)
            {
                break;
            }

            var take = Math.Min(remaining, open.Balance);
            cases = cases.Replace(open, open with { Payments = open.Payments.Add(new PaymentAllocation(tp.EventId, take, tp.OccurredAt)) });
            remaining -= take;
        }

        var credits = remaining > 0m ? state.Credits.Add(new Credit(tp.EventId, null, remaining, currency, tp.OccurredAt)) : state.Credits;
        return ApplyResult.Accepted(state with { Cases = cases, Credits = credits });
    }

    public static ApplyResult ReversePayment(CustomerState state, Touchpoint tp)
    {
        var paymentId = tp.Attribute(AttributeKeys.Reference)!;
        var cases = state.Cases;
        var found = false;
        foreach (var @case in state.Cases)
        {
            var kept = @case.Payments.RemoveAll(p => p.PaymentEventId == paymentId);
            if (kept.Length != @case.Payments.Length)
            {
                cases = cases.Replace(@case, @case with { Payments = kept });
                found = true;
            }
        }

        var credits = state.Credits.RemoveAll(c => c.PaymentEventId == paymentId);
        found |= credits.Length != state.Credits.Length;

        return found
            ? ApplyResult.Accepted(state with { Cases = cases, Credits = credits })
            : ApplyResult.Rejected(state, "attributes.reference", $"no payment '{paymentId}' to reverse");
    }

    public static ApplyResult IssueCreditNote(CustomerState state, Touchpoint tp)
    {
        var target = state.FindCase(tp.CaseId!);
        if (target is null)
        {
            return ApplyResult.Rejected(state, "caseId", $"case '{tp.CaseId}' is unknown; a credit note needs its invoice first");
        }

        if (target.Currency != tp.Currency)
        {
            return ApplyResult.Rejected(state, "currency", $"case '{target.CaseId}' is in {target.Currency}, not {tp.Currency}");
        }

        var credited = target with { AmountCredited = target.AmountCredited + tp.Amount!.Value };
        return ApplyResult.Accepted(state with { Cases = state.Cases.Replace(target, credited) });
    }

    public static ApplyResult WriteOff(CustomerState state, Touchpoint tp)
    {
        var target = state.FindCase(tp.CaseId!);
        if (target is null)
        {
            return ApplyResult.Rejected(state, "caseId", $"case '{tp.CaseId}' is unknown");
        }

        return target.WrittenOffAt is not null
            ? ApplyResult.Accepted(state)
            : ApplyResult.Accepted(state with { Cases = state.Cases.Replace(target, target with { WrittenOffAt = tp.OccurredAt }) });
    }
}

/// <summary>Complaints and disputes pause the cases they cover until they are resolved.</summary>
internal static class Holds
{
    public static ApplyResult Open(CustomerState state, Touchpoint tp, HoldKind kind)
    {
        var reason = tp.Attribute(AttributeKeys.Reason) is { Length: > 0 } given ? given : kind.ToString().ToLowerInvariant();
        var hold = new Hold(tp.EventId, kind, tp.CaseId, reason, tp.OccurredAt);
        return ApplyResult.Accepted(state with { Holds = state.Holds.Add(hold) });
    }

    /// <summary>
    /// With a <c>reference</c>: closes the hold that touchpoint opened. Without: closes every hold of
    /// this kind in its scope — the case when one is named, otherwise the whole customer.
    /// </summary>
    public static ApplyResult Resolve(CustomerState state, Touchpoint tp, HoldKind kind)
    {
        var reference = tp.Attribute(AttributeKeys.Reference);
        ImmutableArray<Hold> remaining = reference is not null
            ? state.Holds.RemoveAll(h => h.HoldId == reference)
            : state.Holds.RemoveAll(h => h.Kind == kind && (tp.CaseId is null || h.CaseId == tp.CaseId));
        if (kind != HoldKind.DISPUTE)
        {
            return ApplyResult.Accepted(state with { Holds = remaining });
        }

        var decided = state.Holds.Where(h => h.Kind == HoldKind.DISPUTE && !remaining.Contains(h)).ToList();
        var settled = Rules.Disputes.Settle(state with { Holds = remaining }, tp, decided);
        return settled.Status != ApplyStatus.Accepted ? settled : ApplyResult.Accepted(Rules.Disputes.Record(settled.State, tp, decided));
    }
}
