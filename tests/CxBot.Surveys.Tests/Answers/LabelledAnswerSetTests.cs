using System.Text.Json;
using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Tests.Answers;

/// <summary>The reader against the labelled development set in shared/eval beside the repository.</summary>
public sealed class LabelledAnswerSetTests
{
    private const double Required = 0.97;

    [Fact]
    public void Every_language_of_the_development_set_is_read_right_at_least_97_percent_of_the_time()
    {
        var file = FindAnswerSet("answers-dev.jsonl");
        var right = new Dictionary<string, int>();
        var total = new Dictionary<string, int>();
        var misses = new List<string>();
        foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var language = root.GetProperty("lang").GetString()!;
            var text = root.GetProperty("text").GetString()!;
            var reading = Ask.Reader.Read(Question(root), language, text);
            var ok = Matches(root.GetProperty("expected"), reading);
            total[language] = total.GetValueOrDefault(language) + 1;
            if (ok) right[language] = right.GetValueOrDefault(language) + 1;
            else misses.Add($"{root.GetProperty("id").GetString()}: \"{text}\" read as {reading.Status} {reading.Value}");
        }

        Assert.Equal(Languages.Supported.Order(), total.Keys.Order());
        foreach (var (language, count) in total)
        {
            var accuracy = (double)right.GetValueOrDefault(language) / count;
            Assert.True(accuracy >= Required, $"{language}: {accuracy:P1} right, below {Required:P0}. Misses:\n{string.Join('\n', misses)}");
        }
    }

    private static ClosedQuestion Question(JsonElement root)
    {
        var options = root.GetProperty("options").EnumerateArray().Select(o => new ChoiceOption(
            o.GetProperty("id").GetString()!,
            new LocalizedText(o.GetProperty("labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!)))).ToList();
        return root.GetProperty("question").GetString() switch
        {
            "nps" => new ClosedQuestion(QuestionKind.Nps, 0, []),
            "csat" => new ClosedQuestion(QuestionKind.Csat, 0, []),
            "ces" => new ClosedQuestion(QuestionKind.Ces, 0, []),
            "likert5" => new ClosedQuestion(QuestionKind.Likert, 5, []),
            "likert7" => new ClosedQuestion(QuestionKind.Likert, 7, []),
            "yes_no" => new ClosedQuestion(QuestionKind.YesNo, 0, []),
            "choice" => new ClosedQuestion(QuestionKind.Choice, 0, options),
            "multi_choice" => new ClosedQuestion(QuestionKind.MultiChoice, 0, options),
            var other => throw new InvalidDataException($"Unknown question kind {other}"),
        };
    }

    private static bool Matches(JsonElement expected, AnswerReading reading)
    {
        var status = reading.Status switch
        {
            AnswerStatus.Ok => "ok",
            AnswerStatus.OutOfRange => "out_of_range",
            AnswerStatus.Skip => "skip",
            AnswerStatus.Stop => "stop",
            _ => "unclear",
        };
        if (expected.GetProperty("status").GetString() != status) return false;
        if (status != "ok") return true;
        var value = expected.GetProperty("value");
        return reading.Value switch
        {
            AnswerValue.Number n => value.ValueKind == JsonValueKind.Number && value.GetInt32() == n.Value,
            AnswerValue.YesNo y => value.ValueKind is JsonValueKind.True or JsonValueKind.False && value.GetBoolean() == y.Value,
            AnswerValue.Option o => value.ValueKind == JsonValueKind.String && value.GetString() == o.Id,
            AnswerValue.Options os => value.ValueKind == JsonValueKind.Array
                && value.EnumerateArray().Select(v => v.GetString()!).Order().SequenceEqual(os.Ids.Order()),
            _ => false,
        };
    }

    /// <summary>Walks up from the test's folder to the repository, whose sibling folder shared/eval holds the labelled sets.</summary>
    private static string FindAnswerSet(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir?.Parent is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.Parent.FullName, "shared", "eval", name);
            if (File.Exists(candidate)) return candidate;
        }
        Assert.Fail($"No shared/eval/{name} beside any folder above {AppContext.BaseDirectory}; the labelled answer set belongs next to the repository (../shared/eval).");
        return "";
    }
}
