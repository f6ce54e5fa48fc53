namespace Journey.Domain;

/// <summary>A string hash that is the same on every machine and after restarts (string.GetHashCode is randomised per process).</summary>
public static class StableHash
{
    public static int Of(string value)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in value)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }

    public static int Bucket(string value, int buckets) => (int)((uint)Of(value) % (uint)buckets);
}
