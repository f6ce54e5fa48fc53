using System.Reflection;
using System.Reflection.Emit;

namespace Journey.Tests.Api;

/// <summary>
/// Which assembly may use which: the API is a client of the cluster (grain interfaces and the records
/// they exchange, in Journey.Abstractions), never of grain implementations or storage, so it can run
/// in a host without a silo; the abstractions describe grains without the runtime; the domain knows
/// nothing of Orleans at all. Guards against a reference that would tie them back together.
/// </summary>
public class LayeringTests
{
    private static readonly Assembly Api = typeof(Journey.Api.Ingest.IngestGateway).Assembly;
    private static readonly Assembly Abstractions = typeof(Journey.Abstractions.ICustomerGrain).Assembly;
    private static readonly Assembly Domain = typeof(Journey.Domain.CustomerState).Assembly;

    private static string[] ReferencesOf(Assembly assembly) => [.. assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    [Fact]
    public void The_API_references_the_abstractions_and_neither_the_grains_nor_the_stores()
    {
        var references = ReferencesOf(Api);
        Assert.Contains("Journey.Abstractions", references);
        Assert.DoesNotContain("Journey.Grains", references);
        Assert.DoesNotContain("Journey.Storage", references);
        Assert.DoesNotContain("Orleans.Runtime", references);
    }

    [Fact]
    public void The_abstractions_reference_the_domain_and_the_Orleans_SDK_only()
    {
        var references = ReferencesOf(Abstractions);
        Assert.Equal("Journey.Abstractions", Abstractions.GetName().Name);
        Assert.Contains("Journey.Domain", references);
        var outside = references.Where(name => name.StartsWith("Journey.", StringComparison.Ordinal) && name != "Journey.Domain"
            || name is "Orleans.Runtime" or "Orleans.Reminders" or "Orleans.Persistence.Memory" or "StackExchange.Redis");
        Assert.Empty(outside);
    }

    [Fact]
    public void The_domain_references_nothing_of_Orleans_or_the_rest_of_Journey()
    {
        var references = ReferencesOf(Domain);
        Assert.DoesNotContain(references, name => name.StartsWith("Orleans", StringComparison.Ordinal) || name.StartsWith("Journey.", StringComparison.Ordinal));
    }

    /// <summary>
    /// The adapters (GraphQL types and fields, the gRPC service) go through the application layer: none
    /// calls the reader or a grain itself. Read from their IL, lambdas and async state machines included,
    /// so a field that reaches past the application layer fails here, whatever its constructor takes.
    /// </summary>
    [Fact]
    public void The_GraphQL_and_gRPC_adapters_call_neither_the_reader_nor_grains()
    {
        var forbidden = new List<string>();
        foreach (var type in Api.GetTypes().Where(t => t.Namespace is "Journey.Api.GraphQL" or "Journey.Api.Rpc"))
        {
            foreach (var (method, called) in Calls(type))
            {
                var declaring = called.DeclaringType;
                if (declaring == typeof(Journey.Api.Reading.JourneyReader) || typeof(Orleans.IGrainFactory).IsAssignableFrom(declaring)
                    || declaring is { IsInterface: true } && typeof(Orleans.Runtime.IAddressable).IsAssignableFrom(declaring))
                {
                    forbidden.Add($"{type.FullName}.{method.Name} calls {declaring!.Name}.{called.Name}");
                }
            }
        }

        Assert.Empty(forbidden);
    }

    [Fact]
    public void Each_file_of_the_abstractions_declares_one_type_named_after_it()
    {
        var declaration = new System.Text.RegularExpressions.Regex(@"^(public|internal) (sealed |static |abstract |readonly )*(partial )?(record struct|record|class|interface|enum|struct) (\w+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        var files = Directory.GetFiles(Path.Combine(Journey.Tests.Infrastructure.Repository.Root, "abstractions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 50, $"only {files.Count} files found under abstractions/");
        var wrong = files
            .Select(f => (File: Path.GetRelativePath(Journey.Tests.Infrastructure.Repository.Root, f), Types: declaration.Matches(File.ReadAllText(f)).Select(m => m.Groups[5].Value).ToList()))
            .Where(f => f.Types.Count != 1 || f.Types[0] != Path.GetFileNameWithoutExtension(f.File))
            .Select(f => $"{f.File}: {string.Join(", ", f.Types)}")
            .ToList();
        Assert.True(wrong.Count == 0, "files of the abstractions declaring other than one type named after the file: " + string.Join("; ", wrong));
    }

    [Fact]
    public void The_IL_reader_of_these_tests_sees_a_call_to_the_reader()
    {
        // The application layer does call the reader: if the scan above saw nothing anywhere, it would pass for nothing.
        Assert.Contains(Calls(typeof(Journey.Api.Application.JourneyApplication)), c => c.Called.DeclaringType == typeof(Journey.Api.Reading.JourneyReader));
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Every method a type's own methods and constructors call (call, callvirt, newobj, ldftn), from their IL.</summary>
    private static IEnumerable<(MethodBase Method, MethodBase Called)> Calls(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var nested = type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(n => Calls(n));
        var own = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)).SelectMany(method => CallsOf(method).Select(called => (method, called)));
        return own.Concat(nested);
    }

    private static IEnumerable<MethodBase> CallsOf(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        for (var at = 0; at < il.Length;)
        {
            var value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opcode = OpCodesByValue[value];
            if (opcode.OperandType == OperandType.InlineMethod)
            {
                MethodBase? called = null;
                try
                {
                    called = method.Module.ResolveMethod(BitConverter.ToInt32(il, at),
                        method.DeclaringType is { IsGenericType: true } generic ? generic.GetGenericArguments() : null,
                        method.IsGenericMethod ? method.GetGenericArguments() : null);
                }
                catch (ArgumentException)
                {
                }

                if (called is not null)
                {
                    yield return called;
                }
            }

            at += opcode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
                _ => 4,
            };
        }
    }
}
