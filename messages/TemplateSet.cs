using System.Collections.Immutable;
using Fluid;
using Journey.Domain;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Journey.Messages;

/// <summary>A template error: the document's line (1-based), the path of the value in it, and what is wrong.</summary>
public sealed record TemplateError(int Line, string Path, string Message)
{
    public override string ToString() => $"line {Line}, {Path}: {Message}";
}

/// <summary>One message template: for a template name, a channel and a language, its subject (e-mail, letter), text and HTML (e-mail).</summary>
public sealed record MessageTemplate(string Name, Channel Channel, string Language, IFluidTemplate? Subject, IFluidTemplate Text, IFluidTemplate? Html);

/// <summary>
/// A tenant's message templates, one YAML document (<c>templates/{tenant}.yaml</c> or <c>setTemplates</c>), in Liquid:
/// <code>
/// defaultLanguage: nl
/// templates:
///   - name: webshop-reminder-1    # the policy step's or trigger's template
///     channel: EMAIL              # EMAIL, LETTER, SMS, APP, WEB, CHAT
///     language: nl
///     subject: "Herinnering: {{ cases.size }} openstaande factuur"
///     text: |
///       Beste {{ customer.name }}, ...
///     html: |                     # optional, e-mail only
/// </code>
/// Parsed and checked as a whole: Liquid syntax, every variable against the message model, every filter
/// against those Journey and Liquid define. The model is documented in docs/messages.md.
/// </summary>
public sealed class TemplateSet
{
    private readonly Dictionary<(string Name, Channel Channel, string Language), MessageTemplate> _templates;

    private TemplateSet(string defaultLanguage, Dictionary<(string, Channel, string), MessageTemplate> templates) =>
        (DefaultLanguage, _templates) = (defaultLanguage, templates);

    public string DefaultLanguage { get; }

    public IEnumerable<MessageTemplate> Templates => _templates.Values;

    /// <summary>The template for the language, else for the document's default language; null when neither exists.</summary>
    public MessageTemplate? Find(string name, Channel channel, string? language) =>
        (language is not null && _templates.TryGetValue((name, channel, language), out var exact)) ? exact
        : _templates.TryGetValue((name, channel, DefaultLanguage), out var fallback) ? fallback
        : null;

    public static (TemplateSet? Set, ImmutableArray<TemplateError> Errors) Parse(string document)
    {
        var errors = ImmutableArray.CreateBuilder<TemplateError>();
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(document));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                return (null, [new TemplateError(1, "", "a template document is a mapping with 'templates' (and optionally 'defaultLanguage')")]);
            }

            root = mapping;
        }
        catch (YamlException exception)
        {
            return (null, [new TemplateError((int)exception.Start.Line, "", $"YAML: {exception.InnerException?.Message ?? exception.Message}")]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's representation model gives up on some broken flow collections without a position.
            return (null, [new TemplateError(1, "", "YAML: the document is not well-formed")]);
        }

        var defaultLanguage = "nl";
        YamlSequenceNode? list = null;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            switch (key)
            {
                case "defaultLanguage" when value is YamlScalarNode { Value: { } language } && ContactDetails.Languages.Contains(language):
                    defaultLanguage = language;
                    break;
                case "defaultLanguage":
                    errors.Add(new((int)value.Start.Line, "defaultLanguage", $"must be one of {string.Join(", ", ContactDetails.Languages)}"));
                    break;
                case "templates" when value is YamlSequenceNode sequence:
                    list = sequence;
                    break;
                case "templates":
                    errors.Add(new((int)value.Start.Line, "templates", "must be a list of templates"));
                    break;
                case "description":
                    break;
                default:
                    errors.Add(new((int)keyNode.Start.Line, key ?? "", "is not a template document key (defaultLanguage, templates, description)"));
                    break;
            }
        }

        var templates = new Dictionary<(string, Channel, string), MessageTemplate>();
        var parser = new FluidParser();
        for (var index = 0; list is not null && index < list.Children.Count; index++)
        {
            var path = $"templates[{index}]";
            if (list.Children[index] is not YamlMappingNode item)
            {
                errors.Add(new((int)list.Children[index].Start.Line, path, "must be a mapping with name, channel, language and text"));
                continue;
            }

            if (ParseTemplate(parser, item, path, errors) is { } template)
            {
                if (!templates.TryAdd((template.Name, template.Channel, template.Language), template))
                {
                    errors.Add(new((int)item.Start.Line, path, $"'{template.Name}' for {template.Channel} in '{template.Language}' is defined twice"));
                }
            }
        }

        if (list is null && errors.Count == 0)
        {
            errors.Add(new(1, "templates", "is required"));
        }

        return errors.Count > 0 ? (null, errors.ToImmutable()) : (new TemplateSet(defaultLanguage, templates), []);
    }

    private static MessageTemplate? ParseTemplate(FluidParser parser, YamlMappingNode item, string path, ImmutableArray<TemplateError>.Builder errors)
    {
        var before = errors.Count;
        YamlScalarNode? Scalar(string key)
        {
            foreach (var (k, v) in item.Children)
            {
                if (((YamlScalarNode)k).Value == key)
                {
                    if (v is YamlScalarNode scalar)
                    {
                        return scalar;
                    }

                    errors.Add(new((int)v.Start.Line, $"{path}.{key}", "must be text"));
                }
            }

            return null;
        }

        foreach (var (k, _) in item.Children)
        {
            if (((YamlScalarNode)k).Value is not ("name" or "channel" or "language" or "subject" or "text" or "html"))
            {
                errors.Add(new((int)k.Start.Line, $"{path}.{((YamlScalarNode)k).Value}", "is not a template key (name, channel, language, subject, text, html)"));
            }
        }

        var name = Scalar("name")?.Value;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new((int)item.Start.Line, $"{path}.name", "is required"));
        }

        var channelNode = Scalar("channel");
        Channel? channel = Enum.TryParse<Channel>(channelNode?.Value, ignoreCase: false, out var c) && Enum.IsDefined(c) ? c : null;
        if (channel is null)
        {
            errors.Add(new((int)(channelNode?.Start.Line ?? item.Start.Line), $"{path}.channel", $"must be one of {string.Join(", ", Enum.GetNames<Channel>().Where(n => n != nameof(Channel.PHONE)))}"));
        }
        else if (channel == Channel.PHONE)
        {
            errors.Add(new((int)channelNode!.Start.Line, $"{path}.channel", "PHONE is a call an agent makes: it has no message template"));
        }

        var languageNode = Scalar("language");
        if (languageNode?.Value is not { } language || !ContactDetails.Languages.Contains(language))
        {
            errors.Add(new((int)(languageNode?.Start.Line ?? item.Start.Line), $"{path}.language", $"must be one of {string.Join(", ", ContactDetails.Languages)}"));
            language = "";
        }

        var subjectNode = Scalar("subject");
        var textNode = Scalar("text");
        var htmlNode = Scalar("html");
        if (textNode is null)
        {
            errors.Add(new((int)item.Start.Line, $"{path}.text", "is required"));
        }

        if (subjectNode is null && channel is Channel.EMAIL or Channel.LETTER)
        {
            errors.Add(new((int)item.Start.Line, $"{path}.subject", $"is required on {channel}"));
        }

        if (htmlNode is not null && channel is not Channel.EMAIL)
        {
            errors.Add(new((int)htmlNode.Start.Line, $"{path}.html", "is only for EMAIL"));
        }

        var subject = Compile(parser, subjectNode, $"{path}.subject", errors);
        var text = Compile(parser, textNode, $"{path}.text", errors);
        var html = Compile(parser, htmlNode, $"{path}.html", errors);
        if (errors.Count > before || text is null)
        {
            return null;
        }

        var template = new MessageTemplate(name!, channel!.Value, language, subject, text, html);
        try
        {
            // Every field filled, every option on: a template that renders here renders for any customer.
            MessageRenderer.Render(template, MessageModel.Sample(language));
        }
        catch (Exception exception) when (exception is FluidException or InvalidOperationException or FormatException or ArgumentException)
        {
            errors.Add(new((int)item.Start.Line, path, $"does not render: {exception.Message}"));
            return null;
        }

        return template;
    }

    private static IFluidTemplate? Compile(FluidParser parser, YamlScalarNode? node, string path, ImmutableArray<TemplateError>.Builder errors)
    {
        if (node?.Value is not { } source)
        {
            return null;
        }

        // A block scalar's text starts on the line after its indicator.
        var firstLine = (int)node.Start.Line + (node.Style is ScalarStyle.Literal or ScalarStyle.Folded ? 1 : 0);
        if (!parser.TryParse(source, out var template, out var error))
        {
            var (line, message) = TemplateCheck.LocateParseError(error);
            errors.Add(new(firstLine + line - 1, path, $"Liquid: {message}"));
            return null;
        }

        foreach (var (line, message) in TemplateCheck.Check(template, source))
        {
            errors.Add(new(firstLine + line - 1, path, message));
        }

        return template;
    }
}
