using System.Text.Json;
using CxBot.Surveys.Answers;

namespace CxBot.Surveys.Tests.Answers;

public sealed class LexiconFilesTests
{
    private const string Prefix = "CxBot.Surveys.Answers.Lexicons.";

    public static TheoryData<string> Files() => new(typeof(AnswerReader).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)));

    [Fact]
    public void Every_language_and_the_emoji_have_a_lexicon()
    {
        var names = typeof(AnswerReader).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
        foreach (var language in Languages.Supported.Append("emoji"))
            Assert.Contains(Prefix + language + ".json", names);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_lexicon_states_its_licence_and_gives_each_phrase_one_meaning(string resource)
    {
        using var stream = typeof(AnswerReader).Assembly.GetManifestResourceStream(resource)!;
        using var doc = JsonDocument.Parse(stream);
        Assert.Contains("same licence as the code", doc.RootElement.GetProperty("$comment").GetString(), StringComparison.Ordinal);

        // The same phrase under two keys would leave its meaning to the order of the file.
        var meanings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in doc.RootElement.GetProperty("words").EnumerateObject())
            foreach (var phrase in group.Value.EnumerateArray())
            {
                var key = string.Join(' ', Lexicon.ParseParts(phrase.GetString()!).Select(p => p.Stem ? p.Text + "*" : p.Text));
                if (meanings.TryGetValue(key, out var other) && other != group.Name)
                    Assert.Fail($"{resource}: \"{phrase.GetString()}\" is both {other} and {group.Name}");
                meanings[key] = group.Name;
            }
    }
}
