using Journey.Domain.Policies;
using Journey.Domain.Replay;

namespace Journey.Abstractions.Preview;

/// <summary>How policy previews run: how many threads of this silo replay at once, over all previews together (the rest of the machine stays with live work), how many customers are fetched together, how many case differences are kept.</summary>
public sealed class PreviewOptions
{
    public const string Section = "Journey:Preview";

    public int Workers { get; set; } = 1;

    /// <summary>The fraction of a worker's time previews may use; the rest of the time the worker pauses, so live work keeps most of the machine.</summary>
    public double Share { get; set; } = 0.25;

    public int BatchSize { get; set; } = 256;

    public int MaxDifferences { get; set; } = 10_000;

    /// <summary>How long a finished preview's answer stays readable.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>What is wrong with these settings, naming the key; null when nothing is.</summary>
    public string? Problem() =>
        Workers < 1 ? $"{Section}:{nameof(Workers)} must be at least 1"
        : Share is not (> 0 and <= 1) ? $"{Section}:{nameof(Share)} must be a fraction in (0, 1]"
        : BatchSize < 1 ? $"{Section}:{nameof(BatchSize)} must be at least 1"
        : MaxDifferences < 0 ? $"{Section}:{nameof(MaxDifferences)} must not be negative"
        : KeepFor <= TimeSpan.Zero ? $"{Section}:{nameof(KeepFor)} must be positive"
        : null;
}
