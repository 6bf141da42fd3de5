using System.Text.Json;
using System.Text.RegularExpressions;
using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Tests.Definitions;

/// <summary>The engine's reply texts (Engine/Texts/*.json, embedded): complete and consistent in every language.</summary>
public sealed partial class EngineTextsFilesTests
{
    /// <summary>Every key the engine may ask for, with the least number of variants it needs.</summary>
    public static TheoryData<string, int> Keys { get; } = new()
    {
        { "hint.nps", 1 }, { "hint.csat", 1 }, { "hint.ces", 1 }, { "hint.likert5", 1 }, { "hint.likert7", 1 },
        { "hint.yes_no", 1 }, { "hint.choice", 1 }, { "hint.multi_choice", 1 }, { "hint.open_text", 1 },
        { "out_of_range", 1 }, { "out_of_range.option", 1 }, { "tap_a_button", 1 }, { "reply_with_number", 1 },
        { "moving_on", 2 }, { "help", 1 }, { "skip.ok", 2 }, { "skip.required", 1 }, { "back.ok", 1 }, { "back.none", 1 },
        { "stop", 1 }, { "off_topic", 1 }, { "empathy.low", 6 }, { "empathy.mid", 4 }, { "empathy.high", 6 }, { "probe", 4 },
        { "apology.storage", 1 }, { "apology.error", 1 }, { "already_done", 1 }, { "resume", 1 }, { "anonymous", 1 },
        { "button.skip", 1 }, { "button.yes", 1 }, { "button.no", 1 }, { "button.done", 1 },
        { "scale.nps", 1 }, { "scale.csat", 1 }, { "scale.ces", 1 }, { "scale.likert5", 1 }, { "scale.likert7", 1 },
        { "hint.ranking", 1 }, { "rank.how", 1 }, { "rank.how.top", 1 }, { "rank.next", 1 }, { "rank.undo", 1 }, { "rank.done", 1 },
    };

    private static readonly Dictionary<string, Dictionary<string, string[]>> Texts = Languages.Supported.ToDictionary(l => l, Load);

    private static Dictionary<string, string[]> Load(string language)
    {
        using var stream = typeof(SurveyLoader).Assembly.GetManifestResourceStream($"CxBot.Surveys.Engine.Texts.{language}.json")
            ?? throw new InvalidOperationException($"Engine texts for {language} are not embedded.");
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Array
            ? p.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToArray()
            : [p.Value.GetString() ?? ""]);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_key_exists_in_all_four_languages_with_enough_non_empty_variants(string key, int least)
    {
        Assert.All(Languages.Supported, language =>
        {
            Assert.True(Texts[language].TryGetValue(key, out var lines), $"'{key}' is missing in {language}.json");
            Assert.True(lines.Length >= least, $"'{key}' in {language}.json has {lines.Length} variant(s), needs {least}");
            Assert.All(lines, line => Assert.False(string.IsNullOrWhiteSpace(line), $"'{key}' in {language}.json has an empty line"));
            Assert.Equal(lines.Length, lines.Distinct(StringComparer.Ordinal).Count());
        });
    }

    [Fact]
    public void No_language_has_a_key_the_others_lack()
    {
        var expected = Keys.Select(row => (string)row.Data.Item1).Order(StringComparer.Ordinal).ToList();

        Assert.All(Languages.Supported, language => Assert.Equal(expected, Texts[language].Keys.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Placeholders_match_across_languages()
    {
        foreach (var (key, english) in Texts[Languages.English])
        {
            var expected = Placeholders(english);
            foreach (var language in Languages.Supported)
                Assert.True(expected.SetEquals(Placeholders(Texts[language][key])), $"'{key}' in {language}.json has placeholders {string.Join(" ", Placeholders(Texts[language][key]))}, en has {string.Join(" ", expected)}");
        }
    }

    [Fact]
    public void Out_of_range_lines_name_the_bounds()
    {
        Assert.All(Languages.Supported, language =>
        {
            Assert.Equal(["{max}", "{min}"], Placeholders(Texts[language]["out_of_range"]).Order(StringComparer.Ordinal));
            Assert.Equal(["{max}"], Placeholders(Texts[language]["out_of_range.option"]));
        });
    }

    [Fact]
    public void Help_names_skip_back_and_stop_in_the_language_it_is_written_in()
    {
        string[][] words = [["skip", "back", "stop"], ["пропустить", "назад", "стоп"], ["pomiń", "wróć", "stop"], ["sari peste", "înapoi", "stop"]];

        for (var i = 0; i < Languages.Supported.Count; i++)
        {
            var help = Texts[Languages.Supported[i]]["help"][0];
            Assert.All(words[i], w => Assert.Contains(w, help, StringComparison.Ordinal));
        }
    }

    private static HashSet<string> Placeholders(string[] lines) =>
        [.. lines.SelectMany(l => Placeholder().Matches(l).Select(m => m.Value))];

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Placeholder();
}
