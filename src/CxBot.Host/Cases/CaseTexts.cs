using System.Collections.Frozen;
using System.Text.Json;

namespace CxBot.Host.Cases;

/// <summary>The bot's words in a case thread (Cases/case-texts.json, embedded), by language, English as the fallback.</summary>
internal sealed class CaseTexts
{
    private const string Resource = "CxBot.Host.Cases.case-texts.json";
    private const string Fallback = "en";

    private readonly FrozenDictionary<string, string> _replyReceived;

    public CaseTexts()
    {
        using var stream = typeof(CaseTexts).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        var table = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var language in doc.RootElement.EnumerateObject().Where(p => !p.Name.StartsWith('$')))
        {
            table[language.Name] = language.Value.GetProperty("replyReceived").GetString() ?? "";
        }

        if (!table.ContainsKey(Fallback)) throw new InvalidDataException($"{Resource} needs an '{Fallback}' entry.");
        _replyReceived = table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public string ReplyReceived(string? language) =>
        language is not null && _replyReceived.TryGetValue(language, out var text) ? text : _replyReceived[Fallback];
}
