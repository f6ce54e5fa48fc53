using System.Text.Json;
using Journey.Domain;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;

namespace Journey.Abstractions;

/// <summary>
/// The domain core carries no Orleans attributes, so its types cross grain boundaries through
/// Orleans' System.Text.Json codec, the same serializer that writes them to storage. They are
/// immutable records, so local calls pass them without copying.
/// </summary>
public static class DomainSerialization
{
    public static bool IsDomainType(Type type) => type.Assembly == typeof(Touchpoint).Assembly;

    public static ISerializerBuilder AddJourneySerialization(this ISerializerBuilder builder)
    {
        builder.AddJsonSerializer(
            isSerializable: IsDomainType,
            isCopyable: null,
            configureOptions: options => options.Configure(o => o.SerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.General)));
        builder.Services.AddSingleton<IGeneralizedCopier, ImmutableDomainCopier>();
        return builder;
    }

    private sealed class ImmutableDomainCopier : IGeneralizedCopier
    {
        public object? DeepCopy(object? input, CopyContext context) => input;

        public bool IsSupportedType(Type type) => IsDomainType(type);
    }
}
