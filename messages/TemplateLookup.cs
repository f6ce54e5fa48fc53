using Journey.Domain.Rules;

namespace Journey.Messages;

/// <summary>
/// Which template an action is written with: by the action's template name, then by its kind, in the
/// tenant's own set and then in the <c>default</c> tenant's — in the customer's language, else the set's default.
/// </summary>
public static class TemplateLookup
{
    public static MessageTemplate? Find(TemplateSet? own, TemplateSet? fallback, OutboundAction action, string? language)
    {
        foreach (var set in new[] { own, fallback })
        {
            if (set is null)
            {
                continue;
            }

            var found = (action.Template is { } name ? set.Find(name, action.Channel, language) : null)
                ?? set.Find(action.Kind.ToString(), action.Channel, language);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }
}
