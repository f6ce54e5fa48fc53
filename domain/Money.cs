namespace Journey.Domain;

public static class Money
{
    /// <summary>Zero with two decimals, so amounts read as 0.00 like every other amount.</summary>
    public const decimal Zero = 0.00m;

    /// <summary>
    /// The amount as both APIs write it: at least two decimals (120.5 → 120.50, 0 → 0.00), more when it
    /// has them (10.005 stays 10.005) — never rounded. Adding a zero of scale two is what sets the scale.
    /// </summary>
    public static decimal Scaled(decimal amount) => amount + Zero;

    public static decimal? Scaled(decimal? amount) => amount is { } value ? Scaled(value) : null;
}
