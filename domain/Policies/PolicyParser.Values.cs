using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Journey.Domain.Policies;

public static partial class PolicyParser
{
    /// <summary>The YAML value readers every section uses: each checks its node's shape and reports an error at its line and path.</summary>
    private sealed partial class Reader
    {
        private Dictionary<string, YamlNode> Map(YamlNode node, string path, params string[] allowed)
        {
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            if (node is not YamlMappingNode mapping)
            {
                Error(node, path, "must be a mapping (key: value)");
                return result;
            }

            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(key))
                {
                    Error(keyNode, $"{path}.{key}", $"unknown key; expected one of {string.Join(", ", allowed)}");
                    continue;
                }

                result[key] = value;
            }

            return result;
        }

        private T? Child<T>(Dictionary<string, YamlNode> parent, string key, string path, Func<YamlNode, string, T> read) where T : class =>
            parent.TryGetValue(key, out var node) ? read(node, $"{path}.{key}") : null;

        private ImmutableArray<T>? Sequence<T>(Dictionary<string, YamlNode> parent, string key, string path, Func<YamlNode, string, T> read)
        {
            if (!parent.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node is not YamlSequenceNode sequence)
            {
                Error(node, $"{path}.{key}", "must be a list");
                return [];
            }

            return [.. sequence.Children.Select((child, i) => read(child, $"{path}.{key}[{i}]"))];
        }

        private ImmutableArray<T>? EnumList<T>(Dictionary<string, YamlNode> parent, string key, string path) where T : struct, Enum
        {
            if (!parent.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node is not YamlSequenceNode sequence)
            {
                Error(node, $"{path}.{key}", "must be a list");
                return [];
            }

            var values = ImmutableArray.CreateBuilder<T>();
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                if (ParseEnum<T>(sequence.Children[i], $"{path}.{key}[{i}]") is { } value)
                {
                    values.Add(value);
                }
            }

            return values.ToImmutable();
        }

        private string? Scalar(Dictionary<string, YamlNode> parent, string key, string path)
        {
            if (!parent.TryGetValue(key, out var node))
            {
                return null;
            }

            if (node is YamlScalarNode scalar)
            {
                return scalar.Value;
            }

            Error(node, $"{path}.{key}", "must be a single value");
            return null;
        }

        private string? String(Dictionary<string, YamlNode> parent, string key, string path) => Scalar(parent, key, path);

        private T? EnumValue<T>(Dictionary<string, YamlNode> parent, string key, string path) where T : struct, Enum =>
            parent.TryGetValue(key, out var node) ? ParseEnum<T>(node, $"{path}.{key}") : null;

        private T? ParseEnum<T>(YamlNode node, string path) where T : struct, Enum
        {
            var text = (node as YamlScalarNode)?.Value;
            if (text is not null && EnumNames<T>.TryParse(text, out var value))
            {
                return value;
            }

            Error(node, path, $"'{text}' is not one of {string.Join(", ", EnumNames<T>.Names)}");
            return null;
        }

        private Period? PeriodValue(Dictionary<string, YamlNode> parent, string key, string path)
        {
            var text = Scalar(parent, key, path);
            if (text is null)
            {
                return null;
            }

            var parsed = PeriodPattern.NormalizingIso.Parse(text);
            if (!parsed.Success)
            {
                Error(parent[key], $"{path}.{key}", $"'{text}' is not an ISO-8601 duration such as P14D or PT2H");
                return null;
            }

            var period = parsed.Value;
            if (period.Years < 0 || period.Months < 0 || period.Weeks < 0 || period.Days < 0 || period.Hours < 0 || period.Minutes < 0 || period.Seconds < 0)
            {
                Error(parent[key], $"{path}.{key}", $"'{text}' is negative; offsets count forward");
                return null;
            }

            return period;
        }

        private int? Int(Dictionary<string, YamlNode> parent, string key, string path)
        {
            var text = Scalar(parent, key, path);
            if (text is null)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            Error(parent[key], $"{path}.{key}", $"'{text}' is not a whole number of zero or more");
            return null;
        }

        private decimal? Decimal(Dictionary<string, YamlNode> parent, string key, string path)
        {
            var text = Scalar(parent, key, path);
            if (text is null)
            {
                return null;
            }

            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            Error(parent[key], $"{path}.{key}", $"'{text}' is not an amount of zero or more");
            return null;
        }

        private bool? Bool(Dictionary<string, YamlNode> parent, string key, string path)
        {
            var text = Scalar(parent, key, path);
            if (text is null)
            {
                return null;
            }

            if (text is "true" or "false")
            {
                return text == "true";
            }

            Error(parent[key], $"{path}.{key}", $"'{text}' is not true or false");
            return null;
        }

        private LocalTime? Time(Dictionary<string, YamlNode> parent, string key, string path)
        {
            var text = Scalar(parent, key, path);
            if (text is null)
            {
                return null;
            }

            var parsed = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text);
            if (parsed.Success)
            {
                return parsed.Value;
            }

            Error(parent[key], $"{path}.{key}", $"'{text}' is not a time of day HH:mm");
            return null;
        }
    }
}
