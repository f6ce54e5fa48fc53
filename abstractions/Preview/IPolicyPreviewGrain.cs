using Journey.Domain.Policies;
using Journey.Domain.Replay;

namespace Journey.Abstractions.Preview;

/// <summary>
/// One preview of a draft policy (key "{tenant}/{id}"): replays the tenant's recorded history under
/// the current policy and the draft in the background and answers how far it got and what it found.
/// It reads customers' histories and never changes them; its answer lives in memory for a while.
/// </summary>
[Alias("journey.IPolicyPreviewGrain")]
public interface IPolicyPreviewGrain : IGrainWithStringKey
{
    /// <summary>Starts the preview (idempotent for the same id); the draft must already be valid.</summary>
    [Alias("Start")]
    Task<PreviewReport> Start(PreviewRequest request);

    [Alias("Report"), Orleans.Concurrency.AlwaysInterleave]
    Task<PreviewReport?> Report();

    [Alias("Cancel"), Orleans.Concurrency.AlwaysInterleave]
    Task<PreviewReport?> Cancel();
}
