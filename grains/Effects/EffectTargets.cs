namespace Journey.Grains.Effects;

/// <summary>An effect with the key of the customer it came from.</summary>
internal readonly record struct Keyed<T>(string CustomerKey, T Item);

/// <summary>A tenant's shard of an index; its grain key is made once per delivery, not per effect.</summary>
internal readonly record struct Shard(string Tenant, int Index)
{
    public string Key => $"{Tenant}/{Index}";
}
