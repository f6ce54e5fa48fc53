namespace Journey.Domain;

public static class Money
{
    /// <summary>Zero with two decimals, so amounts read as 0.00 like every other amount.</summary>
    public const decimal Zero = 0.00m;
}
