using Orleans.Storage;

namespace Journey.Grains;

/// <summary>The silo's grain-state serializer, with the bytes of every state it serializes counted by state type (journey.storage.bytes).</summary>
public sealed class MeteredStorageSerializer(IGrainStorageSerializer inner) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input)
    {
        var data = inner.Serialize(input);
        JourneyMetrics.Stored(typeof(T).Name, data.ToMemory().Length);
        return data;
    }

    public T? Deserialize<T>(BinaryData input) => inner.Deserialize<T>(input);
}
