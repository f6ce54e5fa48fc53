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

    /// <summary>
    /// Every GraphQL field and gRPC method goes through a use case: the adapters call the pipeline, touchpoint
    /// ingest or the customer read model, never a handler, the feeds, the audit log, the messages or the ingest
    /// gateway themselves (the pipeline's access and input checks would be skipped).
    /// </summary>
    [Fact]
    public void The_adapters_reach_the_application_through_the_pipeline_alone()
    {
        var services = new[]
        {
            typeof(Journey.Api.Application.JourneyFeeds), typeof(Journey.Api.Application.AuditLog), typeof(Journey.Api.Application.JourneyMessages),
            typeof(Journey.Api.Ingest.IngestGateway), typeof(Journey.Api.Reading.PolicyPreviewService),
        };
        var forbidden = new List<string>();
        foreach (var type in Api.GetTypes().Where(t => t.Namespace is "Journey.Api.GraphQL" or "Journey.Api.Rpc"))
        {
            foreach (var (method, called) in Calls(type))
            {
                var declaring = called.DeclaringType;
                // Their static helpers (a preview's page and cursors) are projections of an answer, not calls to the service.
                if (declaring is not null && !called.IsStatic && (services.Contains(declaring) || IsHandler(declaring)))
                {
                    forbidden.Add($"{type.FullName}.{method.Name} calls {declaring.Name}.{called.Name}");
                }
            }
        }

        Assert.Empty(forbidden);
        Assert.Contains(Calls(typeof(Journey.Api.GraphQL.JourneyQuery)), c => c.Called.DeclaringType == typeof(Journey.Api.Application.UseCasePipeline));
    }

    /// <summary>Each command, query and feed has one handler the pipeline finds, and is declared in a file named after it under api/Application/UseCases.</summary>
    [Fact]
    public void Every_use_case_has_one_handler_and_a_file_of_its_own()
    {
        var registered = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Journey.Api.Application.UseCasePipeline.AddHandlers(registered);
        var requests = Api.GetTypes().Where(t => !t.IsAbstract && UseCaseBase(t) is not null).ToList();
        Assert.True(requests.Count >= 25, $"only {requests.Count} use cases found");
        var folder = Path.Combine(Journey.Tests.Infrastructure.Repository.Root, "api", "Application", "UseCases");
        var missing = new List<string>();
        foreach (var request in requests)
        {
            var generic = UseCaseBase(request)!;
            var contract = (generic.GetGenericTypeDefinition() == typeof(Journey.Api.Application.UseCase<,>) ? typeof(Journey.Api.Application.IHandler<,>) : typeof(Journey.Api.Application.IFeedHandler<,>))
                .MakeGenericType(generic.GetGenericArguments());
            if (registered.Count(d => d.ServiceType == contract) != 1)
            {
                missing.Add($"{request.Name}: {registered.Count(d => d.ServiceType == contract)} handlers");
            }

            if (!File.Exists(Path.Combine(folder, request.Name + ".cs")))
            {
                missing.Add($"{request.Name}: no api/Application/UseCases/{request.Name}.cs");
            }
        }

        Assert.Empty(missing);
    }

    private static Type? UseCaseBase(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(Journey.Api.Application.UseCase<,>) || t.GetGenericTypeDefinition() == typeof(Journey.Api.Application.Feed<,>)))
            {
                return t;
            }
        }

        return null;
    }

    private static bool IsHandler(Type type) => type.GetInterfaces().Any(i => i.IsGenericType
        && (i.GetGenericTypeDefinition() == typeof(Journey.Api.Application.IHandler<,>) || i.GetGenericTypeDefinition() == typeof(Journey.Api.Application.IFeedHandler<,>)));

    /// <summary>The architecture's walk of one touchpoint names at most eight steps, and every file it names exists.</summary>
    [Fact]
    public void The_walk_of_a_touchpoint_in_the_architecture_names_files_that_exist()
    {
        var text = File.ReadAllText(Path.Combine(Journey.Tests.Infrastructure.Repository.Root, "docs", "architecture.md"));
        var start = text.IndexOf("## One touchpoint, from the wire to the store and back", StringComparison.Ordinal);
        Assert.True(start >= 0, "the walk's section is missing from docs/architecture.md");
        var section = text[start..text.IndexOf("\n## ", start + 3, StringComparison.Ordinal)];
        var steps = System.Text.RegularExpressions.Regex.Count(section, @"^\d+\. ", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.InRange(steps, 5, 8);
        var files = System.Text.RegularExpressions.Regex.Matches(section, @"`([\w/.]+/[\w.*]+\.cs)`").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(files.Count >= steps, $"the walk names {files.Count} files for {steps} steps");
        var missing = files.Where(f => f.Contains('*', StringComparison.Ordinal)
            ? Directory.GetFiles(Path.Combine(Journey.Tests.Infrastructure.Repository.Root, Path.GetDirectoryName(f)!), Path.GetFileName(f)).Length == 0
            : !File.Exists(Path.Combine(Journey.Tests.Infrastructure.Repository.Root, f))).ToList();
        Assert.True(missing.Count == 0, "files the walk names that do not exist: " + string.Join(", ", missing));
    }

    /// <summary>Every test class of this project is in a namespace that one of <c>./test.sh --kind</c>'s kinds runs, so no test is left out of all of them.</summary>
    [Fact]
    public void Every_test_belongs_to_a_kind_the_test_script_runs()
    {
        var script = File.ReadAllText(Path.Combine(Journey.Tests.Infrastructure.Repository.Root, "test.sh"));
        var kinds = System.Text.RegularExpressions.Regex.Matches(script, @"FullyQualifiedName~([\w.]+)").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("Journey.Tests.Durability", kinds);
        var tests = typeof(LayeringTests).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.IsDefined(typeof(FactAttribute), inherit: true)))
            .ToList();
        Assert.True(tests.Count > 30, $"only {tests.Count} test classes found");
        var outside = tests.Where(t => !kinds.Any(k => t.FullName!.StartsWith(k + ".", StringComparison.Ordinal))).Select(t => t.FullName).ToList();
        Assert.True(outside.Count == 0, "test classes no kind of ./test.sh --kind runs: " + string.Join(", ", outside));
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
        // The use cases do call the reader: if the scan above saw nothing anywhere, it would pass for nothing.
        Assert.Contains(Calls(typeof(Journey.Api.Application.UseCases.GetCustomer.Handler)), c => c.Called.DeclaringType == typeof(Journey.Api.Reading.JourneyReader));
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
