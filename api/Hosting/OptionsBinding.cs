using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Journey.Api.Hosting;

/// <summary>Checks options with the problems they name themselves, each naming its key.</summary>
public sealed class ProblemsValidator<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var found = problems(options).ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}

/// <summary>
/// The options pattern for settings a host needs before its container exists (which storage, which
/// clustering, which role): bound by the configuration binder, registered with their validator and
/// <c>ValidateOnStart</c>, and read once while the host is built through the same binder and the same
/// validator, so that a wrong value stops start-up before anything is wired, naming its key.
/// </summary>
public static class OptionsBinding
{
    /// <summary>Registers the section's options with their validator, checked at start; the options themselves are also served as a singleton.</summary>
    public static IServiceCollection AddValidated<T>(this IServiceCollection services, string section, IValidateOptions<T> validator)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton(validator);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services;
    }

    /// <summary>Registers the section's options as <see cref="AddValidated"/> does and reads them now, for what the host wires from them.</summary>
    public static T AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section, Func<T, IEnumerable<string>> problems)
        where T : class, new()
    {
        var validator = new ProblemsValidator<T>(problems);
        services.AddValidated<T>(section, validator);
        return Read(configuration, section, validator);
    }

    /// <summary>A problem that is a single message or none, as most options name theirs.</summary>
    public static IEnumerable<string> One(string? problem) => problem is null ? [] : [problem];

    /// <summary>Binds the section and validates it; every problem found, or the binder's own refusal, as one exception.</summary>
    public static T Read<T>(IConfiguration configuration, string section, IValidateOptions<T> validator)
        where T : class, new()
    {
        var undefined = UndefinedNames<T>(configuration.GetSection(section), section).ToList();
        if (undefined.Count > 0)
        {
            throw new JourneyConfigurationException(string.Join("; ", undefined));
        }

        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException exception)
        {
            throw new JourneyConfigurationException($"{section}: {exception.Message}", exception);
        }

        var result = validator.Validate(Options.DefaultName, options);
        return result.Failed ? throw new JourneyConfigurationException(string.Join("; ", result.Failures)) : options;
    }

    /// <summary>An enum a value does not name: the binder would refuse it too, but without saying what it may be.</summary>
    private static IEnumerable<string> UndefinedNames<T>(IConfigurationSection section, string path)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!type.IsEnum || section[property.Name] is not { Length: > 0 } value)
            {
                continue;
            }

            if (!Enum.TryParse(type, value, ignoreCase: true, out var parsed) || !Enum.IsDefined(type, parsed!) || char.IsAsciiDigit(value.TrimStart('-')[0]))
            {
                yield return $"{path}:{property.Name} '{value}' is not one of {string.Join(", ", Enum.GetNames(type))}";
            }
        }
    }

    /// <summary>That an enum setting names one of its values (the binder accepts numbers the enum does not define).</summary>
    public static string? Defined<TEnum>(TEnum value, string key)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? null : $"{key} '{value}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}";
}
