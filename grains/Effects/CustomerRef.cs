namespace Journey.Grains.Effects;

/// <summary>A customer's tenant, id and grain key, made once per activation and handed along with every effect it asks for.</summary>
public sealed record CustomerRef(string Tenant, string CustomerId, string Key);
