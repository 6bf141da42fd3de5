using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Surveys;
using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;

namespace CxBot.Cli;

/// <summary>
/// <c>cxbot parse --in F.jsonl --out G.jsonl</c>: reads typed answers shaped like the labelled answer set
/// and writes <c>{"id","status","value"}</c> per line. When lines carry <c>expected</c>, prints the
/// accuracy per language on stderr, so the command doubles as an evaluation.
/// </summary>
internal static class ParseCommand
{
    private sealed record Line(string Id, string Language, ClosedQuestion Question, string Text, JsonObject? Expected);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var commandLine = new CommandLine(args);
        var inPath = commandLine.Required("--in");
        var outPath = commandLine.Required("--out");
        if (!File.Exists(inPath)) throw new CommandLineException($"{inPath}: no such file");

        var reader = AnswerReader.Shared;
        // Equal option lists share one instance, so the reader indexes their words once.
        var optionLists = new Dictionary<string, IReadOnlyList<ChoiceOption>>(StringComparer.Ordinal);
        var scores = new SortedDictionary<string, (int Right, int Total)>(StringComparer.Ordinal);
        var bad = 0;
        var reads = 0;
        var readTime = TimeSpan.Zero;
        var firstRead = TimeSpan.Zero;

        using var input = new StreamReader(inPath, Encoding.UTF8);
        await using var output = new StreamWriter(outPath, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var number = 0;
        while (await input.ReadLineAsync(ct) is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            Line line;
            try
            {
                line = ParseLine(text, optionLists);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                await stderr.WriteLineAsync($"{inPath}:{number}: {e.Message}");
                bad++;
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            var reading = reader.Read(line.Question, line.Language, line.Text);
            // The first read pays for warm-up (JIT, first option index); it is reported apart so the mean shows the steady cost.
            if (reads++ == 0) firstRead = Stopwatch.GetElapsedTime(started);
            else readTime += Stopwatch.GetElapsedTime(started);

            var (status, value) = ToOutput(reading);
            var result = new JsonObject { ["id"] = line.Id, ["status"] = status };
            if (value is not null) result["value"] = value;
            await output.WriteLineAsync(result.ToJsonString());

            if (line.Expected is { } expected)
            {
                var right = Matches(expected, status, value);
                var (r, t) = scores.GetValueOrDefault(line.Language);
                scores[line.Language] = (r + (right ? 1 : 0), t + 1);
            }
        }

        if (scores.Count > 0)
        {
            foreach (var (language, (right, total)) in scores)
                await stderr.WriteLineAsync($"{language}: {right}/{total} right ({100.0 * right / total:0.0}%)");
            var allRight = scores.Values.Sum(s => s.Right);
            var all = scores.Values.Sum(s => s.Total);
            await stderr.WriteLineAsync($"all: {allRight}/{all} right ({100.0 * allRight / all:0.0}%)");
        }
        if (reads > 1)
            await stderr.WriteLineAsync($"{reads} answers read: the first in {firstRead.TotalMilliseconds:0} ms (warm-up), the others in {readTime.TotalMicroseconds / (reads - 1):0.0} µs each on average");
        await stdout.WriteLineAsync($"{reads} lines written to {outPath}{(bad > 0 ? $", {bad} bad input lines" : "")}");
        return bad > 0 ? 1 : 0;
    }

    private static Line ParseLine(string text, Dictionary<string, IReadOnlyList<ChoiceOption>> optionLists)
    {
        var node = JsonNode.Parse(text) as JsonObject ?? throw new FormatException("a line must be a JSON object");
        var id = RequiredString(node, "id");
        var language = RequiredString(node, "lang");
        if (!Languages.Supported.Contains(language))
            throw new FormatException($"\"lang\" must be one of {string.Join(", ", Languages.Supported)}, not \"{language}\"");
        var kind = RequiredString(node, "question");
        var answer = node["text"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : throw new FormatException("\"text\" must be a string");
        var options = ReadOptions(node["options"], optionLists);
        var question = kind switch
        {
            "nps" => new ClosedQuestion(QuestionKind.Nps, 0, []),
            "csat" => new ClosedQuestion(QuestionKind.Csat, 0, []),
            "ces" => new ClosedQuestion(QuestionKind.Ces, 0, []),
            "likert5" or "likert" => new ClosedQuestion(QuestionKind.Likert, 5, []),
            "likert7" => new ClosedQuestion(QuestionKind.Likert, 7, []),
            "yes_no" => new ClosedQuestion(QuestionKind.YesNo, 0, []),
            "open_text" => new ClosedQuestion(QuestionKind.OpenText, 0, []),
            "choice" or "multi_choice" when options.Count == 0 => throw new FormatException($"a {kind} question needs \"options\""),
            "choice" => new ClosedQuestion(QuestionKind.Choice, 0, options),
            "multi_choice" => new ClosedQuestion(QuestionKind.MultiChoice, 0, options),
            _ => throw new FormatException($"unknown question kind \"{kind}\" (nps, csat, ces, likert5, likert7, yes_no, choice, multi_choice, open_text)"),
        };
        var expected = node["expected"] switch
        {
            null => null,
            JsonObject e when e["status"] is JsonValue => e,
            _ => throw new FormatException("\"expected\" must be an object with a \"status\""),
        };
        return new Line(id, language, question, answer, expected);
    }

    private static string RequiredString(JsonObject node, string name) =>
        node[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : throw new FormatException($"\"{name}\" must be a non-empty string");

    private static IReadOnlyList<ChoiceOption> ReadOptions(JsonNode? node, Dictionary<string, IReadOnlyList<ChoiceOption>> optionLists)
    {
        if (node is null) return [];
        if (node is not JsonArray array) throw new FormatException("\"options\" must be an array");
        if (array.Count == 0) return [];
        var key = array.ToJsonString();
        if (optionLists.TryGetValue(key, out var known)) return known;
        var options = new List<ChoiceOption>(array.Count);
        foreach (var item in array)
        {
            if (item is not JsonObject o) throw new FormatException("each option must be an object with \"id\" and \"labels\"");
            var id = RequiredString(o, "id");
            if (o["labels"] is not JsonObject labels || labels.Count == 0) throw new FormatException($"option \"{id}\" needs \"labels\"");
            var byLanguage = labels.ToDictionary(
                l => l.Key,
                l => l.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"option \"{id}\": label \"{l.Key}\" must be a string"));
            Dictionary<string, IReadOnlyList<string>>? synonyms = null;
            if (o["synonyms"] is JsonObject syn)
                synonyms = syn.ToDictionary(
                    l => l.Key,
                    l => (IReadOnlyList<string>)(l.Value as JsonArray ?? throw new FormatException($"option \"{id}\": synonyms \"{l.Key}\" must be an array"))
                        .Select(x => x?.GetValue<string>() ?? "").ToList());
            options.Add(new ChoiceOption(id, new LocalizedText(byLanguage), synonyms));
        }
        if (options.Select(o => o.Id).Distinct(StringComparer.Ordinal).Count() != options.Count) throw new FormatException("option ids must be unique");
        optionLists[key] = options;
        return options;
    }

    private static (string Status, JsonNode? Value) ToOutput(AnswerReading reading) => reading.Status switch
    {
        AnswerStatus.Ok => ("ok", reading.Value switch
        {
            AnswerValue.Number n => JsonValue.Create(n.Value),
            AnswerValue.YesNo y => JsonValue.Create(y.Value),
            AnswerValue.Option o => JsonValue.Create(o.Id),
            AnswerValue.Options os => new JsonArray([.. os.Ids.Select(id => (JsonNode?)JsonValue.Create(id))]),
            AnswerValue.Text t => JsonValue.Create(t.Value),
            _ => null,
        }),
        AnswerStatus.OutOfRange => ("out_of_range", null),
        AnswerStatus.Skip => ("skip", null),
        AnswerStatus.Stop => ("stop", null),
        _ => ("unclear", null), // help, back and off-topic questions are re-asks too
    };

    private static bool Matches(JsonObject expected, string status, JsonNode? value)
    {
        if (expected["status"]?.GetValue<string>() != status) return false;
        if (status != "ok") return true;
        var want = expected["value"];
        if (want is JsonArray wantList && value is JsonArray gotList)
        {
            // multi_choice values compare as sets
            var a = wantList.Select(x => x?.ToJsonString()).Order(StringComparer.Ordinal);
            var b = gotList.Select(x => x?.ToJsonString()).Order(StringComparer.Ordinal);
            return a.SequenceEqual(b);
        }
        return JsonNode.DeepEquals(want, value);
    }
}
