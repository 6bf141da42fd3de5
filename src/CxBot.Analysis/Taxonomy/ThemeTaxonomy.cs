using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace CxBot.Analysis.Taxonomy;

/// <summary>
/// The themes answers are tagged with, loaded from a data file a CX team can edit: rename, add or retire
/// themes and give each theme cue phrases per language. See Data/taxonomy.json for the format.
/// </summary>
public sealed class ThemeTaxonomy
{
    public static readonly IReadOnlyList<string> Languages = ["en", "ru", "pl", "ro"];

    private const string DefaultResource = "CxBot.Analysis.Data.taxonomy.json";

    private readonly FrozenDictionary<string, Theme> _byId;
    private readonly FrozenDictionary<string, FrozenDictionary<string, IReadOnlyList<string>>> _cues;
    private readonly FrozenDictionary<string, IReadOnlyList<string>> _yieldsTo;

    private ThemeTaxonomy(IReadOnlyList<Theme> themes, Dictionary<string, FrozenDictionary<string, IReadOnlyList<string>>> cues, Dictionary<string, IReadOnlyList<string>> yieldsTo)
    {
        _yieldsTo = yieldsTo.ToFrozenDictionary(StringComparer.Ordinal);
        Themes = themes;
        Active = [.. themes.Where(t => !t.Retired)];
        _byId = themes.ToFrozenDictionary(t => t.Id, StringComparer.Ordinal);
        _cues = cues.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyList<Theme> Themes { get; }

    /// <summary>The themes that may be assigned: every theme not retired.</summary>
    public IReadOnlyList<Theme> Active { get; }

    public Theme? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// What a reader of <paramref name="language"/> calls a theme: its name in that language, else its English name,
    /// else the id itself, so that a tag of a theme no longer in the file still shows something.
    /// </summary>
    public string DisplayName(string themeId, string language) => Find(themeId)?.NameIn(language) ?? themeId;

    /// <summary>The themes in the order a reader of <paramref name="language"/> looks for them: by their names there.</summary>
    public IReadOnlyList<Theme> ByName(IEnumerable<Theme> themes, string language)
    {
        var comparer = StringComparer.Create(Culture(language), CompareOptions.IgnoreCase);
        return [.. themes.OrderBy(t => t.NameIn(language), comparer).ThenBy(t => t.Id, StringComparer.Ordinal)];
    }

    /// <summary>The cue phrases of a theme in one language (empty when it has none).</summary>
    public IReadOnlyList<string> CuePhrases(string themeId, string language) =>
        _cues.TryGetValue(themeId, out var byLanguage) && byLanguage.TryGetValue(language, out var cues) ? cues : [];

    /// <summary>
    /// Themes that take precedence over this one: when one of them is found too, this one is dropped
    /// ("waiting for my parcel" is delivery, not wait_time).
    /// </summary>
    public IReadOnlyList<string> YieldsTo(string themeId) => _yieldsTo.TryGetValue(themeId, out var ids) ? ids : [];

    public static ThemeTaxonomy LoadDefault()
    {
        using var stream = typeof(ThemeTaxonomy).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new TaxonomyException($"the default taxonomy resource {DefaultResource} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "the default taxonomy");
    }

    public static ThemeTaxonomy Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TaxonomyException($"taxonomy file {path} cannot be read: {e.Message}", e);
        }
        return Parse(json, path);
    }

    /// <summary>Reads a taxonomy from JSON text; <paramref name="source"/> names it in error messages.</summary>
    public static ThemeTaxonomy Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new TaxonomyException($"taxonomy {source} is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("themes", out var themesElement) || themesElement.ValueKind != JsonValueKind.Array)
                throw new TaxonomyException($"taxonomy {source} must be an object with a \"themes\" array");

            var themes = new List<Theme>();
            var cues = new Dictionary<string, FrozenDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
            var yieldsTo = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in themesElement.EnumerateArray())
            {
                index++;
                var where = $"taxonomy {source}, theme #{index}";
                if (element.ValueKind != JsonValueKind.Object) throw new TaxonomyException($"{where}: must be an object");
                var id = RequiredString(element, "id", where);
                where = $"taxonomy {source}, theme \"{id}\"";
                if (!IsValidId(id)) throw new TaxonomyException($"{where}: id must be lower-case letters, digits and '_' starting with a letter");
                if (cues.ContainsKey(id)) throw new TaxonomyException($"{where}: the id is used twice");
                var name = RequiredString(element, "name", where);
                var description = element.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
                var retired = false;
                if (element.TryGetProperty("retired", out var r))
                {
                    if (r.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw new TaxonomyException($"{where}: \"retired\" must be true or false");
                    retired = r.GetBoolean();
                }
                themes.Add(new Theme(id, name, description, retired) 
                {
                    Names = ReadTranslations(element, "names", "the theme's name", where),
                    Descriptions = ReadTranslations(element, "descriptions", "what the theme covers", where),
                });
                cues[id] = ReadCues(element, where);
                yieldsTo[id] = ReadYields(element, where);
            }
            if (themes.Count == 0) throw new TaxonomyException($"taxonomy {source} has no themes");
            foreach (var (id, others) in yieldsTo)
            {
                foreach (var other in others.Where(o => !cues.ContainsKey(o)))
                    throw new TaxonomyException($"taxonomy {source}, theme \"{id}\": \"yields_to\" names unknown theme \"{other}\"");
            }
            return new ThemeTaxonomy(themes, cues, yieldsTo);
        }
    }

    private static FrozenDictionary<string, IReadOnlyList<string>> ReadCues(JsonElement theme, string where)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!theme.TryGetProperty("cues", out var cues)) return result.ToFrozenDictionary();
        if (cues.ValueKind != JsonValueKind.Object) throw new TaxonomyException($"{where}: \"cues\" must map a language (en, ru, pl, ro) to a list of phrases");
        foreach (var language in cues.EnumerateObject())
        {
            if (!Languages.Contains(language.Name)) throw new TaxonomyException($"{where}: unknown cue language \"{language.Name}\" (expected en, ru, pl or ro)");
            if (language.Value.ValueKind != JsonValueKind.Array) throw new TaxonomyException($"{where}: cues for \"{language.Name}\" must be a list of phrases");
            var phrases = new List<string>();
            foreach (var phrase in language.Value.EnumerateArray())
            {
                if (phrase.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(phrase.GetString()))
                    throw new TaxonomyException($"{where}: cue #{phrases.Count + 1} for \"{language.Name}\" must be a non-empty string");
                phrases.Add(phrase.GetString()!.Trim());
            }
            result[language.Name] = phrases;
        }
        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, string> ReadTranslations(JsonElement theme, string property, string what, string where)
    {
        // Optional: a taxonomy written before the workspace spoke four languages shows its English texts.
        if (!theme.TryGetProperty(property, out var texts)) return FrozenDictionary<string, string>.Empty;
        if (texts.ValueKind != JsonValueKind.Object) throw new TaxonomyException($"{where}: \"{property}\" must map a language (en, ru, pl, ro) to {what} in it");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var language in texts.EnumerateObject())
        {
            if (!Languages.Contains(language.Name)) throw new TaxonomyException($"{where}: unknown language \"{language.Name}\" in \"{property}\" (expected en, ru, pl or ro)");
            if (language.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(language.Value.GetString()))
                throw new TaxonomyException($"{where}: \"{property}\" for \"{language.Name}\" must be a non-empty string");
            result[language.Name] = language.Value.GetString()!.Trim();
        }
        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static CultureInfo Culture(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    private static IReadOnlyList<string> ReadYields(JsonElement theme, string where)
    {
        if (!theme.TryGetProperty("yields_to", out var list)) return [];
        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw new TaxonomyException($"{where}: \"yields_to\" must be a list of theme ids");
        return [.. list.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static string RequiredString(JsonElement element, string property, string where) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : throw new TaxonomyException($"{where}: \"{property}\" is missing or empty");

    private static bool IsValidId(string id) =>
        id.Length > 0 && char.IsAsciiLetterLower(id[0]) && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
