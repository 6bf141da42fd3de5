using System.Collections.Frozen;
using System.Text.Json;

namespace CxBot.Host.WhatsApp;

/// <summary>The adapter's own words (WhatsApp/whatsapp-texts.json, copied beside the host), by language.</summary>
internal sealed class WhatsAppTexts
{
    public const string FileName = "whatsapp-texts.json";
    private const string Fallback = "en";

    private readonly FrozenDictionary<string, Words> _byLanguage;

    private WhatsAppTexts(FrozenDictionary<string, Words> byLanguage) => _byLanguage = byLanguage;

    public sealed record Words(string ListButton, string ChooseBody);

    public static WhatsAppTexts Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var table = new Dictionary<string, Words>(StringComparer.OrdinalIgnoreCase);
        foreach (var language in doc.RootElement.EnumerateObject())
        {
            if (language.Name.StartsWith('$')) continue;
            var listButton = language.Value.GetProperty("listButton").GetString() ?? "";
            var chooseBody = language.Value.GetProperty("chooseBody").GetString() ?? "";
            // WhatsApp refuses a list whose button label is empty or longer than 20 characters.
            if (listButton.Length is 0 or > WhatsAppLimits.ListButton)
                throw new InvalidDataException($"{path}: '{language.Name}.listButton' must be 1 to {WhatsAppLimits.ListButton} characters.");
            table[language.Name] = new Words(listButton, chooseBody);
        }

        if (!table.ContainsKey(Fallback)) throw new InvalidDataException($"{path} needs an '{Fallback}' entry.");
        return new WhatsAppTexts(table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The words for a locale or language ("ru-RU", "ru"), English when the language has none.</summary>
    public Words For(string? locale)
    {
        var language = string.IsNullOrEmpty(locale) ? Fallback : locale.Split('-', '_')[0];
        return _byLanguage.TryGetValue(language, out var words) ? words : _byLanguage[Fallback];
    }
}
