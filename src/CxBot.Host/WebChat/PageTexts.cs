using System.Reflection;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace CxBot.Host.WebChat;

/// <summary>The page's own words in every survey language (WebChat/Texts/page.json), and the language a browser asks for.</summary>
internal sealed class PageTexts
{
    public const string DefaultLanguage = "en";

    public PageTexts()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CxBot.Host.WebChat.Texts.page.json")
            ?? throw new InvalidOperationException("The web chat texts are missing from the build.");
        var all = JsonSerializer.Deserialize(stream, WebChatJson.Default.DictionaryStringDictionaryStringString)!;
        All = all.ToDictionary(l => l.Key, l => (IReadOnlyDictionary<string, string>)l.Value, StringComparer.Ordinal);
        Languages = [.. All.Keys];
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> All { get; }

    public IReadOnlyList<string> Languages { get; }

    public string Get(string language, string key) =>
        All.TryGetValue(language, out var texts) && texts.TryGetValue(key, out var text) ? text : All[DefaultLanguage][key];

    /// <summary>The first of the browser's languages (Accept-Language, by quality) that the survey speaks.</summary>
    public string FromAcceptLanguage(string? header)
    {
        if (!StringWithQualityHeaderValue.TryParseList(header?.Split(','), out var values)) return DefaultLanguage;
        foreach (var value in values.OrderByDescending(v => v.Quality ?? 1))
        {
            var tag = value.Value.Value ?? "";
            var primary = tag.Split('-')[0].ToLowerInvariant();
            if (All.ContainsKey(primary)) return primary;
        }
        return DefaultLanguage;
    }
}
