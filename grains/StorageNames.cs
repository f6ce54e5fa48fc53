namespace Journey.Grains;

public static class StorageNames
{
    /// <summary>The grain storage provider that holds every journey state.</summary>
    public const string Journey = "journey";
}
