using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using ProtoFieldType = Google.Protobuf.Reflection.FieldType;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using Journey.Domain;

namespace Journey.Api.Wire;

/// <summary>
/// One read-model type as both APIs serve it, its fields written once and in the GraphQL schema's order: a field
/// declared here becomes a GraphQL field (the GraphQL type calls <see cref="AddTo"/>) and fills the proto field of the same
/// name in snake_case (<see cref="ToMessage"/>), each in its API's form — times as ISO-8601 text in both, money as a
/// GraphQL <c>Decimal</c> and a proto decimal string, enums as GraphQL enums and proto enums (or their names where the
/// proto field is a string), null as the proto's default. A field one API serves alone, or serves with arguments of its
/// own, is declared here too, with the reason (the GraphQL type adds it, the caller fills the proto's); building the type checks the catalogue against the proto message, so a
/// field added here without its proto field (or a proto field that nothing fills) fails at start and in the tests.
/// </summary>
public sealed class WireType<TSource, TMessage>
    where TMessage : IMessage<TMessage>, new()
{
    private readonly List<Entry> _entries = [];
    private readonly HashSet<string> _protoFilledElsewhere = new(StringComparer.Ordinal);
    private readonly MessageDescriptor _descriptor = new TMessage().Descriptor;
    private bool _sealed;

    public WireType(string name, string? description = null) => (Name, Description) = (name, description);

    public string Name { get; }

    public string? Description { get; }

    public WireType<TSource, TMessage> Text(string name, Func<TSource, string?> read, bool required = false, string? description = null, string? proto = null) =>
        Add(name, proto, description, Required(typeof(StringGraphType), required), read);

    /// <summary>A count: GraphQL <c>Int</c> (<c>Long</c> when <paramref name="wide"/>), the proto's int32 or int64.</summary>
    public WireType<TSource, TMessage> Integer(string name, Func<TSource, long> read, string? description = null, bool wide = false) =>
        wide
            ? Add(name, null, description, typeof(NonNullGraphType<LongGraphType>), s => read(s))
            : Add(name, null, description, typeof(NonNullGraphType<IntGraphType>), s => (int)read(s));

    /// <summary>A ratio or a number of days: GraphQL <c>Float</c>, the proto's (optional) double; absent when null.</summary>
    public WireType<TSource, TMessage> Number(string name, Func<TSource, double?> read, string? description = null) =>
        Add(name, null, description, typeof(FloatGraphType), s => read(s));

    public WireType<TSource, TMessage> Flag(string name, Func<TSource, bool> read, string? description = null) =>
        Add(name, null, description, typeof(NonNullGraphType<BooleanGraphType>), s => read(s));

    public WireType<TSource, TMessage> Money(string name, Func<TSource, decimal?> read, bool required = false, string? description = null) =>
        Add(name, null, description, Required(typeof(DecimalGraphType), required), s => Domain.Money.Scaled(read(s)),
            value => ((decimal)value).ToString(CultureInfo.InvariantCulture));

    public WireType<TSource, TMessage> Time(string name, Func<TSource, DateTimeOffset?> read, bool required = false, string? description = null) =>
        Add(name, null, description, Required(typeof(StringGraphType), required), s => read(s) is { } at ? IsoTime.Format(at) : null);

    public WireType<TSource, TMessage> Day(string name, Func<TSource, DateOnly?> read, bool required = false, string? description = null) =>
        Add(name, null, description, Required(typeof(StringGraphType), required), s => read(s) is { } day ? IsoTime.Format(day) : null);

    public WireType<TSource, TMessage> Choice<TEnum>(string name, Func<TSource, TEnum?> read, bool required = false, string? description = null)
        where TEnum : struct, Enum =>
        Add(name, null, description, Required(typeof(EnumerationGraphType<TEnum>), required), s => read(s), enumType: typeof(TEnum));

    /// <param name="graphType">The GraphQL enum type when it is not the generated one (values named otherwise).</param>
    public WireType<TSource, TMessage> Choice<TEnum>(string name, Func<TSource, TEnum> read, string? description = null, Type? graphType = null)
        where TEnum : struct, Enum =>
        Add(name, null, description, Required(graphType ?? typeof(EnumerationGraphType<TEnum>), true), s => read(s), enumType: typeof(TEnum));

    public WireType<TSource, TMessage> Texts(string name, Func<TSource, IEnumerable<string>> read, string? description = null, string? proto = null) =>
        Add(name, proto, description, typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>), s => read(s), repeated: true);

    public WireType<TSource, TMessage> Choices<TEnum>(string name, Func<TSource, IEnumerable<TEnum>> read, string? description = null)
        where TEnum : struct, Enum =>
        Add(name, null, description, typeof(NonNullGraphType<ListGraphType<NonNullGraphType<EnumerationGraphType<TEnum>>>>), s => read(s), enumType: typeof(TEnum), repeated: true);

    /// <summary>A nested object: <typeparamref name="TGraph"/> serves it in GraphQL, <paramref name="child"/> makes its proto message.</summary>
    public WireType<TSource, TMessage> One<TGraph, TChild, TChildMessage>(string name, Func<TSource, TChild?> read, Func<WireType<TChild, TChildMessage>> child,
        bool required = false, string? description = null)
        where TGraph : IGraphType
        where TChild : class
        where TChildMessage : IMessage<TChildMessage>, new() =>
        Add(name, null, description, Required(typeof(TGraph), required), s => read(s), value => child().ToMessage((TChild)value));

    /// <summary>A list of nested objects, as <see cref="One{TGraph,TChild,TChildMessage}"/>.</summary>
    public WireType<TSource, TMessage> Many<TGraph, TChild, TChildMessage>(string name, Func<TSource, IEnumerable<TChild>> read, Func<WireType<TChild, TChildMessage>> child,
        string? description = null, string? proto = null)
        where TGraph : IGraphType
        where TChildMessage : IMessage<TChildMessage>, new() =>
        Add(name, proto, description, typeof(NonNullGraphType<ListGraphType<NonNullGraphType<TGraph>>>), s => read(s), value => child().ToMessage((TChild)value), repeated: true);

    /// <summary>A field only GraphQL serves (the proto has no field of its name), with the reason; the GraphQL type adds it (<see cref="AddTo"/>).</summary>
    public WireType<TSource, TMessage> GraphQLOnly(string name, string reason)
    {
        _ = reason;
        if (_descriptor.FindFieldByName(SnakeCase(name)) is not null)
        {
            throw new InvalidOperationException($"{Name}.{name} is declared GraphQL-only, but {_descriptor.Name} has a field of its name.");
        }

        return AddEntry(new Entry(name, null, true, null, null, null, false));
    }

    /// <summary>
    /// A field both APIs serve, each filling it its own way (arguments of its own, a read of other grains), with the reason:
    /// the GraphQL type adds it (<see cref="AddTo"/>), the proto's field (<paramref name="proto"/>, snake_case) is filled by the caller.
    /// </summary>
    public WireType<TSource, TMessage> Separately(string name, string proto, string reason)
    {
        _ = reason;
        _protoFilledElsewhere.Add(proto);
        return AddEntry(new Entry(name, null, true, null, null, null, false));
    }

    /// <summary>A proto field filled by the caller (it needs what the source does not hold, or is kept for old readers), with the reason.</summary>
    public WireType<TSource, TMessage> ProtoOnly(string proto, string reason)
    {
        _ = reason;
        _protoFilledElsewhere.Add(proto);
        return this;
    }

    /// <summary>
    /// Adds every field, in order, to <paramref name="type"/>; the fields GraphQL serves its own way are added by
    /// <paramref name="own"/>, one for each such field declared here, by name.
    /// </summary>
    public void AddTo(ObjectGraphType<TSource> type, IReadOnlyDictionary<string, Action<ObjectGraphType<TSource>>>? own = null)
    {
        Seal();
        own ??= new Dictionary<string, Action<ObjectGraphType<TSource>>>();
        var declared = _entries.Where(e => e.Own).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        if (!declared.SetEquals(own.Keys))
        {
            throw new InvalidOperationException($"{Name}: the GraphQL type adds [{string.Join(", ", own.Keys.Order())}] itself, the catalogue declares [{string.Join(", ", declared.Order())}].");
        }

        type.Name = Name;
        type.Description ??= Description;
        foreach (var entry in _entries)
        {
            if (entry.Own)
            {
                own[entry.Name](type);
                continue;
            }

            var read = entry.Read!;
            type.AddField(new global::GraphQL.Types.FieldType
            {
                Name = entry.Name,
                Description = entry.Description,
                Type = entry.GraphType,
                Resolver = new FuncFieldResolver<TSource, object?>(context => read(context.Source)),
            });
        }
    }

    /// <summary>The proto message of <paramref name="source"/>: every field declared here, filled; those filled elsewhere left to the caller.</summary>
    public TMessage ToMessage(TSource source)
    {
        Seal();
        var message = new TMessage();
        foreach (var entry in _entries)
        {
            if (entry.Proto is not { } field)
            {
                continue;
            }

            var value = entry.Read!(source);
            if (value is null)
            {
                continue;
            }

            if (entry.Repeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                foreach (var item in (IEnumerable)value)
                {
                    list.Add(entry.ToProto!(item));
                }
            }
            else
            {
                field.Accessor.SetValue(message, entry.ToProto!(value));
            }
        }

        return message;
    }

    private static Type Required(Type graphType, bool required) => required ? typeof(NonNullGraphType<>).MakeGenericType(graphType) : graphType;

    // toProto turns the GraphQL value into the proto's (the same value unless given); enumType maps an enum by its contract name.
    private WireType<TSource, TMessage> Add(string name, string? proto, string? description, Type graphType, Func<TSource, object?> read, Func<object, object>? toProto = null,
        Type? enumType = null, bool repeated = false)
    {
        toProto ??= static value => value;
        var protoName = proto ?? SnakeCase(name);
        var field = _descriptor.FindFieldByName(protoName)
            ?? throw new InvalidOperationException($"{Name}.{name} has no proto field {_descriptor.Name}.{protoName}: add it to the proto, or declare the field GraphQLOnly with the reason.");
        var convert = enumType is not null ? EnumToProto(field, enumType) : field.FieldType switch
        {
            ProtoFieldType.Int64 => value => Convert.ToInt64(toProto(value), CultureInfo.InvariantCulture),
            ProtoFieldType.Int32 => value => Convert.ToInt32(toProto(value), CultureInfo.InvariantCulture),
            _ => toProto,
        };
        return AddEntry(new Entry(name, description, false, graphType, read, field, repeated) { ToProto = convert });
    }

    private WireType<TSource, TMessage> AddEntry(Entry entry)
    {
        if (_sealed)
        {
            throw new InvalidOperationException($"{Name}: fields are declared before the type is first used.");
        }

        if (_entries.Any(e => e.Name == entry.Name))
        {
            throw new InvalidOperationException($"{Name}.{entry.Name} is declared twice.");
        }

        _entries.Add(entry);
        return this;
    }

    /// <summary>Checks the catalogue against the proto message (done by the first use too): every proto field is filled, here or by the caller as declared.</summary>
    public void Check() => Seal();

    private void Seal()
    {
        if (_sealed)
        {
            return;
        }

        var filled = _entries.Where(e => e.Proto is not null).Select(e => e.Proto!.Name).Concat(_protoFilledElsewhere).ToHashSet(StringComparer.Ordinal);
        var unfilled = _descriptor.Fields.InDeclarationOrder().Where(f => !filled.Contains(f.Name)).Select(f => f.Name).ToList();
        var unknown = _protoFilledElsewhere.Where(name => _descriptor.FindFieldByName(name) is null).ToList();
        if (unfilled.Count > 0 || unknown.Count > 0)
        {
            throw new InvalidOperationException($"{Name} against {_descriptor.Name}: " +
                (unfilled.Count > 0 ? $"proto fields nothing fills: {string.Join(", ", unfilled)}. " : "") +
                (unknown.Count > 0 ? $"declared proto fields the message lacks: {string.Join(", ", unknown)}." : ""));
        }

        _sealed = true;
    }

    // Domain enum names are the contract's; the proto field is either that enum (members with the type's prefix) or its name as text.
    private static Func<object, object> EnumToProto(FieldDescriptor field, Type enumType)
    {
        if (field.FieldType == ProtoFieldType.String)
        {
            return value => value.ToString()!;
        }

        if (field.FieldType != ProtoFieldType.Enum)
        {
            throw new InvalidOperationException($"{field.FullName} is {field.FieldType}, not an enum or a string.");
        }

        var prefix = SnakeCase(field.EnumType.Name).ToUpperInvariant() + "_";
        var map = Enum.GetValues(enumType).Cast<object>().ToDictionary(
            value => value,
            value => field.EnumType.FindValueByName(prefix + value.ToString()!.ToUpperInvariant()) is { } known
                ? Enum.ToObject(field.EnumType.ClrType, known.Number)
                : throw new InvalidOperationException($"{field.EnumType.FullName} has no value {prefix}{value}."));
        return value => map[value];
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private sealed record Entry(string Name, string? Description, bool Own, Type? GraphType, Func<TSource, object?>? Read,
        FieldDescriptor? Proto, bool Repeated)
    {
        public Func<object, object>? ToProto { get; init; }
    }
}
