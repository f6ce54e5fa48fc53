using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;
using Journey.Domain;

namespace Journey.Messages;

/// <summary>A message as the customer receives it: the subject (e-mail, letter), the text and, for e-mail, HTML.</summary>
public sealed record RenderedMessage(Channel Channel, string Language, string TemplateName, string? Subject, string Text, string? Html);

/// <summary>
/// Renders a template against a message model. Undefined variables and filters are errors (the set was checked
/// when it was stored, so they do not happen at send time). Journey's filters: <c>money</c> (an amount in the
/// message's language: € 1.234,56 in Dutch, €1,234.56 in English; the currency code as argument, default the
/// model's) and <c>long_date</c> (15 maart 2026, 15 March 2026).
/// </summary>
public static class MessageRenderer
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    internal static readonly TemplateOptions Options = CreateOptions();

    public static RenderedMessage Render(MessageTemplate template, IReadOnlyDictionary<string, object?> model)
    {
        var subject = template.Subject is null ? null : RenderOne(template.Subject, model, NullEncoder.Default).Trim();
        var text = RenderOne(template.Text, model, NullEncoder.Default).Trim() + "\n";
        var html = template.Channel != Channel.EMAIL ? null
            : template.Html is null ? HtmlFromText(text) : RenderOne(template.Html, model, HtmlEncoder.Default);
        return new RenderedMessage(template.Channel, template.Language, template.Name, subject, text, html);
    }

    public static string Money(decimal amount, string currency, string language)
    {
        var culture = (CultureInfo)(language == "en" ? English : Dutch).Clone();
        culture.NumberFormat.CurrencySymbol = currency == "EUR" ? "€" : currency;
        if (language == "en")
        {
            culture.NumberFormat.CurrencyPositivePattern = currency == "EUR" ? 0 : 2;
        }

        return amount.ToString("C2", culture);
    }

    public static string LongDate(DateOnly date, string language) =>
        date.ToString("d MMMM yyyy", language == "en" ? English : Dutch);

    private static string RenderOne(IFluidTemplate template, IReadOnlyDictionary<string, object?> model, TextEncoder encoder)
    {
        var context = new TemplateContext(Options);
        foreach (var (key, value) in model)
        {
            context.SetValue(key, FluidValue.Create(value ?? "", Options));
        }

        return template.Render(context, encoder, true);
    }

    private static string HtmlFromText(string text)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><body>");
        foreach (var paragraph in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            html.Append("<p>").Append(HtmlEncoder.Default.Encode(paragraph.Trim()).Replace("&#xA;", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static TemplateOptions CreateOptions() => new TemplateOptionsBuilder()
        .WithStrictVariables(true)
        .WithStrictFilters(true)
        .AddFilter("money", (input, arguments, context) =>
        {
            var currency = arguments.Count > 0 ? arguments.At(0).ToStringValue(context) : context.GetValue("currency").ToStringValue(context);
            return StringValue.Create(Money(input.ToNumberValue(context), string.IsNullOrEmpty(currency) ? "EUR" : currency, Language(context)));
        })
        .AddFilter("long_date", (input, _, context) =>
            DateOnly.TryParseExact(input.ToStringValue(context), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? StringValue.Create(LongDate(date, Language(context)))
                : input)
        .Build();

    private static string Language(TemplateContext context) => context.GetValue("language").ToStringValue(context) is "en" ? "en" : "nl";
}
