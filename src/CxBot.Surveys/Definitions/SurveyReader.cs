using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CxBot.Surveys.Definitions;

/// <summary>A place in a survey file, 1-based.</summary>
internal readonly record struct SourcePosition(int Line, int Column)
{
    public static SourcePosition Of(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

    public static SourcePosition Of(Mark mark) => new((int)mark.Line, (int)mark.Column);
}

/// <summary>A survey read from one file, with the positions later checks (the publish lock) point at.</summary>
internal sealed record SurveySource(
    string File,
    SurveyDefinition Definition,
    SourcePosition Id,
    SourcePosition Version,
    SourcePosition QuestionList,
    IReadOnlyDictionary<string, SourcePosition> Questions);

/// <summary>
/// Reads one survey file through YamlDotNet's representation model, so every problem carries the
/// line and column of the node it is about. Reports everything it finds rather than stopping at
/// the first problem: an author fixing a file wants the whole list at once.
/// </summary>
internal sealed partial class SurveyReader
{
    public static IReadOnlyList<string> TopLevelKeys { get; } =
        ["id", "version", "languages", "journey", "anonymous", "title", "intro", "questions", "closing"];

    public static IReadOnlyList<string> QuestionKeys { get; } =
        ["id", "type", "text", "optional", "points", "options", "when", "variants", "low_label", "high_label", "top"];

    public static IReadOnlyList<string> OptionKeys { get; } = ["id", "label", "synonyms"];

    public static IReadOnlyList<string> ConditionKeys { get; } = ["question", "group", "min", "max", "any_of"];

    public static IReadOnlyList<string> VariantKeys { get; } = ["when", "text"];

    public static IReadOnlyList<string> Journeys { get; } =
        ["purchase", "support_ticket_closed", "onboarding_completed", "cancellation", "employee_pulse", "custom"];

    public static IReadOnlyDictionary<string, QuestionKind> Kinds { get; } = new Dictionary<string, QuestionKind>(StringComparer.Ordinal)
    {
        ["nps"] = QuestionKind.Nps,
        ["csat"] = QuestionKind.Csat,
        ["ces"] = QuestionKind.Ces,
        ["likert"] = QuestionKind.Likert,
        ["yes_no"] = QuestionKind.YesNo,
        ["choice"] = QuestionKind.Choice,
        ["multi_choice"] = QuestionKind.MultiChoice,
        ["open_text"] = QuestionKind.OpenText,
        ["ranking"] = QuestionKind.Ranking,
    };

    /// <summary>Buttons longer than this get cut or wrapped on phones.</summary>
    public const int MaxButtonLabel = 40;

    private static readonly IReadOnlyDictionary<string, NpsGroup> Groups = new Dictionary<string, NpsGroup>(StringComparer.Ordinal)
    {
        ["detractor"] = NpsGroup.Detractor,
        ["passive"] = NpsGroup.Passive,
        ["promoter"] = NpsGroup.Promoter,
    };

    private readonly string _file;
    private readonly List<SurveyProblem> _problems = [];
    private IReadOnlyList<string> _languages = Languages.Supported;
    private readonly List<string> _allQuestionIds = [];
    private readonly Dictionary<string, Question> _earlier = new(StringComparer.Ordinal);

    private SurveyReader(string file) => _file = file;

    public static (SurveySource? Survey, IReadOnlyList<SurveyProblem> Problems) Read(string file, string yaml)
    {
        var reader = new SurveyReader(file);
        var survey = reader.ReadFile(yaml);
        return (reader._problems.Any(p => p.IsError) ? null : survey, reader._problems);
    }

    private SurveySource? ReadFile(string yaml)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yaml));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            Error(SourcePosition.Of(e.Start), $"YAML syntax: {Innermost(e)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up on some malformed flow collections without a YamlException;
            // where it stopped is still the best place to look.
            Error(SourcePosition.Of(scanner.CurrentPosition), "YAML syntax: unexpected text here (an unclosed '{' or '[' before it?)");
            return null;
        }
        catch (ArgumentException)
        {
            // Found by fuzzing: YamlDotNet's document model rejects an empty key ("- : x") with an
            // ArgumentException rather than a YamlException. A bad file must come back as a problem.
            Error(SourcePosition.Of(scanner.CurrentPosition), "YAML syntax: a key is missing here (a ':' with nothing before it?)");
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            Error(new SourcePosition(1, 1), "the file is empty; expected a survey (id, version, languages, title, questions, closing)");
            return null;
        }
        if (stream.Documents.Count > 1)
            Error(SourcePosition.Of(stream.Documents[1].RootNode), "one survey per file: this file holds a second YAML document");
        return ReadSurvey(stream.Documents[0].RootNode);
    }

    private SurveySource? ReadSurvey(YamlNode root)
    {
        if (Map(root, "a survey") is not { } map) return null;
        var keys = Keys(map, "the survey", TopLevelKeys, ["id", "version", "languages", "title", "questions", "closing"]);

        var id = keys.TryGetValue("id", out var idNode) ? Identifier(idNode, "survey id", SurveyIdPattern(), "lowercase letters, digits and '-'") : null;
        var version = keys.TryGetValue("version", out var versionNode) ? Integer(versionNode, "version") : null;
        if (version is < 1) Error(versionNode!, $"version must be 1 or more, not {version}");

        if (keys.TryGetValue("languages", out var languagesNode)) ReadLanguages(languagesNode);
        if (keys.TryGetValue("questions", out var questionsNode)) CollectQuestionIds(questionsNode);

        string? journey = null;
        if (keys.TryGetValue("journey", out var journeyNode) && Scalar(journeyNode, "journey") is { } j)
        {
            if (Journeys.Contains(j)) journey = j;
            else Error(journeyNode, $"unknown journey '{j}'; expected one of: {string.Join(", ", Journeys)}");
        }
        var anonymous = keys.TryGetValue("anonymous", out var anonymousNode) && (Boolean(anonymousNode, "anonymous") ?? false);

        var title = keys.TryGetValue("title", out var titleNode) ? Text(titleNode, "title", answeredBefore: 0) : null;
        var intro = keys.TryGetValue("intro", out var introNode) ? Text(introNode, "intro", answeredBefore: 0) : null;

        var questions = new List<Question>();
        var positions = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var listPosition = new SourcePosition(1, 1);
        if (questionsNode is not null)
        {
            listPosition = SourcePosition.Of(questionsNode);
            ReadQuestions(questionsNode, questions, positions);
        }
        var closing = keys.TryGetValue("closing", out var closingNode)
            ? Text(closingNode, "closing", answeredBefore: _allQuestionIds.Count) : null;

        if (id is null || version is null || title is null || closing is null || _problems.Any(p => p.IsError)) return null;
        var definition = new SurveyDefinition(id, version.Value, _languages, title, intro, questions, closing, anonymous, journey);
        return new SurveySource(_file, definition, SourcePosition.Of(idNode!), SourcePosition.Of(versionNode!), listPosition, positions);
    }

    private void ReadLanguages(YamlNode node)
    {
        if (node is not YamlSequenceNode list)
        {
            Error(node, "languages must be a list, e.g. [en, ru, pl, ro]");
            return;
        }
        var languages = new List<string>();
        foreach (var item in list)
        {
            if (Scalar(item, "a language") is not { } language) continue;
            if (!Languages.Supported.Contains(language))
                Error(item, $"unsupported language '{language}'; expected some of: {string.Join(", ", Languages.Supported)}");
            else if (languages.Contains(language))
                Error(item, $"language '{language}' is listed twice");
            else
                languages.Add(language);
        }
        if (list.Children.Count == 0) Error(node, "languages must list at least one language");
        if (languages.Count > 0) _languages = languages;
    }

    /// <summary>Conditions and piping may only look back; knowing every id up front tells "later" apart from "unknown".</summary>
    private void CollectQuestionIds(YamlNode node)
    {
        if (node is not YamlSequenceNode list) return;
        foreach (var item in list)
        {
            _allQuestionIds.Add(item is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("id"), out var idNode)
                && idNode is YamlScalarNode { Value: { } qid } ? qid : "");
        }
    }

    private void ReadQuestions(YamlNode node, List<Question> questions, Dictionary<string, SourcePosition> positions)
    {
        if (node is not YamlSequenceNode list)
        {
            Error(node, "questions must be a list");
            return;
        }
        if (list.Children.Count == 0)
        {
            Error(node, "questions must list at least one question");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            if (ReadQuestion(item, i, seen) is not { } question) continue;
            questions.Add(question);
            positions[question.Id] = SourcePosition.Of(item);
            _earlier.TryAdd(question.Id, question);
        }
    }

    private Question? ReadQuestion(YamlNode node, int index, HashSet<string> seen)
    {
        if (Map(node, "a question") is not { } map) return null;
        var keys = Keys(map, "a question", QuestionKeys, ["id", "type", "text"]);

        string? id = null;
        if (keys.TryGetValue("id", out var idNode) && Identifier(idNode, "question id", QuestionIdPattern(), "lowercase letters, digits and '_'") is { } qid)
        {
            if (seen.Add(qid)) id = qid;
            else Error(idNode, $"duplicate question id '{qid}'");
        }

        QuestionKind? kind = null;
        if (keys.TryGetValue("type", out var typeNode) && Scalar(typeNode, "type") is { } type)
        {
            if (Kinds.TryGetValue(type, out var k)) kind = k;
            else Error(typeNode, $"unknown question type '{type}'; expected one of: {string.Join(", ", Kinds.Keys)}");
        }

        var text = keys.TryGetValue("text", out var textNode) ? Text(textNode, "text", index) : null;
        var optional = keys.TryGetValue("optional", out var optionalNode) && (Boolean(optionalNode, "optional") ?? false);

        var points = 0;
        if (keys.TryGetValue("points", out var pointsNode))
        {
            if (kind is not null and not QuestionKind.Likert) Error(pointsNode, "points only applies to a likert question");
            else if (Integer(pointsNode, "points") is { } p)
            {
                if (p is 5 or 7) points = p;
                else Error(pointsNode, $"a likert scale has 5 or 7 points, not {p}");
            }
        }
        else if (kind == QuestionKind.Likert)
        {
            Error(map, "a likert question needs 'points: 5' or 'points: 7'");
        }

        var options = new List<ChoiceOption>();
        var isChoice = kind is QuestionKind.Choice or QuestionKind.MultiChoice or QuestionKind.Ranking;
        if (keys.TryGetValue("options", out var optionsNode))
        {
            if (kind is not null && !isChoice) Error(optionsNode, $"options only apply to a choice, multi_choice or ranking question, not {KindName(kind.Value)}");
            else ReadOptions(optionsNode, index, options);
        }
        else if (isChoice)
        {
            Error(map, $"a {KindName(kind!.Value)} question needs 'options' (at least 2)");
        }

        var top = 0;
        if (keys.TryGetValue("top", out var topNode))
        {
            if (kind is not null and not QuestionKind.Ranking) Error(topNode, "top only applies to a ranking question");
            else if (Integer(topNode, "top") is { } t)
            {
                // Ranking one option is a choice question; ranking all of them needs no top.
                if (t >= 2 && (options.Count == 0 || t < options.Count)) top = t;
                else Error(topNode, $"top must be from 2 to one less than the number of options ({options.Count}), not {t}");
            }
        }

        var when = keys.TryGetValue("when", out var whenNode) ? ReadCondition(whenNode, index) : null;

        var variants = new List<TextVariant>();
        if (keys.TryGetValue("variants", out var variantsNode)) ReadVariants(variantsNode, index, variants);

        var low = ScaleLabel("low_label");
        var high = ScaleLabel("high_label");
        // The legend shows both ends or neither: one label alone would be silently dropped.
        if (keys.ContainsKey("low_label") != keys.ContainsKey("high_label"))
            Error(keys.GetValueOrDefault("low_label") ?? keys["high_label"], "low_label and high_label go together: give both or neither");

        if (id is null || kind is null || text is null) return null;
        return new Question(id, kind.Value, text, options, optional, points, when, variants.Count > 0 ? variants : null, low, high, top);

        static string KindName(QuestionKind k) => Kinds.First(p => p.Value == k).Key;

        LocalizedText? ScaleLabel(string key)
        {
            if (!keys.TryGetValue(key, out var labelNode)) return null;
            if (kind is null or QuestionKind.Nps or QuestionKind.Csat or QuestionKind.Ces or QuestionKind.Likert) return Text(labelNode, key, index);
            Error(labelNode, $"{key} only applies to a scale question (nps, csat, ces, likert)");
            return null;
        }
    }

    private void ReadOptions(YamlNode node, int index, List<ChoiceOption> options)
    {
        if (node is not YamlSequenceNode list)
        {
            Error(node, "options must be a list");
            return;
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        // A word that names two options can only ever be read as "unclear"; say so while the author is here.
        var names = new Dictionary<(string Language, string Word), string>();
        foreach (var item in list)
        {
            if (Map(item, "an option") is not { } map) continue;
            var keys = Keys(map, "an option", OptionKeys, ["id", "label"]);
            string? id = null;
            if (keys.TryGetValue("id", out var idNode) && Identifier(idNode, "option id", QuestionIdPattern(), "lowercase letters, digits and '_'") is { } oid)
            {
                if (ids.Add(oid)) id = oid;
                else Error(idNode, $"duplicate option id '{oid}'");
            }
            LocalizedText? label = null;
            if (keys.TryGetValue("label", out var labelNode) && Text(labelNode, "label", index) is { } l)
            {
                label = l;
                foreach (var (language, value) in l.ByLanguage)
                {
                    if (value.Length > MaxButtonLabel)
                        Warning(ValueNode(labelNode, language), $"button label is {value.Length} characters long; over {MaxButtonLabel} it gets cut on phones");
                }
            }
            var synonyms = keys.TryGetValue("synonyms", out var synonymsNode) ? ReadSynonyms(synonymsNode) : null;
            if (id is null || label is null) continue;
            foreach (var (language, text) in label.ByLanguage) Name(language, text, ValueNode(labelNode!, language), id);
            if (synonyms is not null)
            {
                var byLanguage = ((YamlMappingNode)synonymsNode!).Children;
                foreach (var (language, words) in synonyms)
                {
                    var wordNodes = ((YamlSequenceNode)byLanguage[new YamlScalarNode(language)]).Children;
                    for (var i = 0; i < words.Count; i++) Name(language, words[i], words.Count == wordNodes.Count ? wordNodes[i] : synonymsNode!, id);
                }
            }
            options.Add(new ChoiceOption(id, label, synonyms));
        }
        if (list.Children.Count < 2) Error(node, $"a choice needs at least 2 options, not {list.Children.Count}");

        void Name(string language, string word, YamlNode at, string option)
        {
            var key = (language, word.Trim().ToLowerInvariant());
            if (!names.TryGetValue(key, out var other)) names[key] = option;
            else if (other != option) Warning(at, $"'{word}' ({language}) names both '{other}' and '{option}', so it will be read as unclear");
        }
    }

    private Dictionary<string, IReadOnlyList<string>>? ReadSynonyms(YamlNode node)
    {
        if (Map(node, "synonyms (words per language)") is not { } map) return null;
        var synonyms = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (Scalar(keyNode, "a language") is not { } language) continue;
            if (!_languages.Contains(language))
            {
                Error(keyNode, $"synonyms for '{language}', which is not one of this survey's languages ({string.Join(", ", _languages)})");
                continue;
            }
            if (valueNode is not YamlSequenceNode words)
            {
                Error(valueNode, "synonyms must be a list of words, e.g. [call, called]");
                continue;
            }
            var list = new List<string>();
            foreach (var word in words)
            {
                if (Scalar(word, "a synonym") is not { } w) continue;
                if (string.IsNullOrWhiteSpace(w)) Error(word, "empty synonym");
                else list.Add(w.Trim());
            }
            synonyms[language] = list;
        }
        return synonyms;
    }

    private void ReadVariants(YamlNode node, int index, List<TextVariant> variants)
    {
        if (node is not YamlSequenceNode list)
        {
            Error(node, "variants must be a list of { when, text }");
            return;
        }
        foreach (var item in list)
        {
            if (Map(item, "a variant") is not { } map) continue;
            var keys = Keys(map, "a variant", VariantKeys, ["when", "text"]);
            var when = keys.TryGetValue("when", out var whenNode) ? ReadCondition(whenNode, index) : null;
            var text = keys.TryGetValue("text", out var textNode) ? Text(textNode, "text", index) : null;
            if (when is not null && text is not null) variants.Add(new TextVariant(when, text));
        }
    }

    private Condition? ReadCondition(YamlNode node, int index)
    {
        if (Map(node, "a condition, e.g. { question: nps, group: detractor }") is not { } map) return null;
        var keys = Keys(map, "a condition", ConditionKeys, ["question"]);
        if (!keys.TryGetValue("question", out var questionNode) || Scalar(questionNode, "question") is not { } target) return null;

        var at = _allQuestionIds.IndexOf(target);
        if (at < 0)
        {
            Error(questionNode, $"condition refers to an unknown question '{target}'");
            return null;
        }
        if (at >= index)
        {
            Error(questionNode, at == index
                ? $"condition refers to its own question '{target}'; it can only look at earlier answers"
                : $"condition refers to question '{target}', which comes later; it can only look at earlier answers");
            return null;
        }
        // An earlier question that failed to read has its own problems reported; nothing more to check against it.
        var referenced = _earlier.GetValueOrDefault(target);

        NpsGroup? group = null;
        if (keys.TryGetValue("group", out var groupNode) && Scalar(groupNode, "group") is { } g)
        {
            if (!Groups.TryGetValue(g, out var parsed))
                Error(groupNode, $"unknown group '{g}'; expected detractor, passive or promoter");
            else if (referenced is not null && referenced.Kind != QuestionKind.Nps)
                Error(groupNode, $"group only applies to an nps question; '{target}' is {Kinds.First(k => k.Value == referenced.Kind).Key}");
            else group = parsed;
        }

        int? min = Bound("min"), max = Bound("max");
        if (min is not null && max is not null && min > max) Error(map, $"min {min} is above max {max}");

        List<string>? anyOf = null;
        if (keys.TryGetValue("any_of", out var anyOfNode))
        {
            if (anyOfNode is not YamlSequenceNode values || values.Children.Count == 0)
            {
                Error(anyOfNode, "any_of must be a non-empty list");
            }
            else
            {
                anyOf = [];
                foreach (var valueNode in values)
                {
                    if (Scalar(valueNode, "a value") is not { } value) continue;
                    if (referenced is null) { anyOf.Add(value); continue; }
                    switch (referenced.Kind)
                    {
                        case QuestionKind.Choice or QuestionKind.MultiChoice or QuestionKind.Ranking when referenced.Options.All(o => o.Id != value):
                            Error(valueNode, $"'{value}' is not an option of '{target}'; expected one of: {string.Join(", ", referenced.Options.Select(o => o.Id))}");
                            break;
                        case QuestionKind.YesNo when value is not ("true" or "false"):
                            Error(valueNode, $"'{target}' is a yes_no question: any_of takes true or false, not '{value}'");
                            break;
                        case QuestionKind.Choice or QuestionKind.MultiChoice or QuestionKind.Ranking or QuestionKind.YesNo:
                            anyOf.Add(value);
                            break;
                        default:
                            Error(anyOfNode, "any_of only applies to a choice, multi_choice or yes_no question; use min/max for a scale");
                            return null;
                    }
                }
            }
        }
        return new Condition(target, group, min, max, anyOf);

        int? Bound(string key)
        {
            if (!keys.TryGetValue(key, out var boundNode) || Integer(boundNode, key) is not { } value) return null;
            if (referenced is null) return value;
            if (!referenced.IsScale)
            {
                Error(boundNode, $"{key} only applies to a scale question; '{target}' is {Kinds.First(k => k.Value == referenced.Kind).Key}");
                return null;
            }
            var (low, high) = referenced.Scale;
            if (value < low || value > high)
            {
                Error(boundNode, $"{key} {value} is outside the {low}-{high} scale of '{target}'");
                return null;
            }
            return value;
        }
    }

    /// <summary>A text in every language of the survey; <paramref name="answeredBefore"/> questions may be piped.</summary>
    private LocalizedText? Text(YamlNode node, string what, int answeredBefore)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, $"{what} must give a text per language, e.g. {{ {string.Join(", ", _languages.Select(l => l + ": ..."))} }}");
            return null;
        }
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (Scalar(keyNode, "a language") is not { } language) { ok = false; continue; }
            if (!_languages.Contains(language))
            {
                Error(keyNode, $"{what} has a '{language}' text, but the survey's languages are {string.Join(", ", _languages)}");
                ok = false;
                continue;
            }
            if (Scalar(valueNode, $"{what} ({language})") is not { } value) { ok = false; continue; }
            if (string.IsNullOrWhiteSpace(value))
            {
                Error(valueNode, $"{what} ({language}) is empty");
                ok = false;
                continue;
            }
            ok &= CheckPlaceholders(valueNode, value, what, language, answeredBefore);
            texts[language] = value.Trim();
        }
        var missing = _languages.Where(l => !texts.ContainsKey(l) && !map.Children.ContainsKey(new YamlScalarNode(l))).ToList();
        if (missing.Count > 0)
        {
            Error(map, $"{what} is missing the {string.Join(", ", missing)} translation{(missing.Count > 1 ? "s" : "")}");
            ok = false;
        }
        return ok ? new LocalizedText(texts) : null;
    }

    private bool CheckPlaceholders(YamlNode node, string text, string what, string language, int answeredBefore)
    {
        var ok = true;
        var rest = text.AsSpan();
        var offset = 0;
        while (rest.IndexOfAny('{', '}') is var at and >= 0)
        {
            if (rest[at] == '}')
            {
                Error(node, $"{what} ({language}) has a '}}' with no '{{' before it");
                return false;
            }
            var close = rest[(at + 1)..].IndexOfAny('{', '}');
            if (close < 0 || rest[at + 1 + close] == '{')
            {
                Error(node, $"{what} ({language}) has a '{{' that is not closed");
                return false;
            }
            var inner = rest.Slice(at + 1, close).ToString();
            ok &= CheckPlaceholder(node, inner, what, language, answeredBefore);
            offset += at + close + 2;
            rest = text.AsSpan(offset);
        }
        return ok;
    }

    private bool CheckPlaceholder(YamlNode node, string inner, string what, string language, int answeredBefore)
    {
        if (ContextPlaceholder().Match(inner) is { Success: true } context)
        {
            if (context.Groups["fallback"].Success) return true;
            Error(node, $"{what} ({language}): {{{inner}}} needs a fallback for when the invitation has no {context.Groups["name"].Value}: {{{inner}|...}} (it may be empty)");
            return false;
        }
        if (AnswerPlaceholder().Match(inner) is { Success: true } answer)
        {
            var target = answer.Groups["id"].Value;
            var at = _allQuestionIds.IndexOf(target);
            if (at < 0)
            {
                Error(node, $"{what} ({language}): {{{inner}}} refers to an unknown question '{target}'");
                return false;
            }
            if (at >= answeredBefore)
            {
                Error(node, $"{what} ({language}): {{{inner}}} refers to question '{target}', which is not answered yet at this point");
                return false;
            }
            return true;
        }
        if (SumPlaceholder().Match(inner) is { Success: true } sum)
        {
            var ids = sum.Groups["ids"].Value.Split('+');
            foreach (var target in ids)
            {
                var at = _allQuestionIds.IndexOf(target);
                if (at < 0 || at >= answeredBefore)
                {
                    Error(node, at < 0
                        ? $"{what} ({language}): {{{inner}}} adds up an unknown question '{target}'"
                        : $"{what} ({language}): {{{inner}}} adds up question '{target}', which is not answered yet at this point");
                    return false;
                }
                else if (_earlier.TryGetValue(target, out var q) && !q.IsScale)
                {
                    Error(node, $"{what} ({language}): {{{inner}}} adds up '{target}', which is {Kinds.First(k => k.Value == q.Kind).Key}; only scale answers (nps, csat, ces, likert) have a number");
                    return false;
                }
            }
            if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Length)
            {
                Error(node, $"{what} ({language}): {{{inner}}} names a question twice");
                return false;
            }
            return true;
        }
        Error(node, $"{what} ({language}): unknown placeholder '{{{inner}}}'; use {{context.<name>|fallback}}, {{answers.<question_id>}} or {{sum.<id>+<id>...|fallback}}");
        return false;
    }

    /// <summary>Checks the keys of a mapping and returns the value of each known key by name.</summary>
    private Dictionary<string, YamlNode> Keys(YamlMappingNode map, string what, IReadOnlyList<string> allowed, IReadOnlyList<string> required)
    {
        var found = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, $"keys of {what} must be plain words");
                continue;
            }
            if (!allowed.Contains(key))
            {
                Error(keyNode, $"unknown key '{key}' in {what}; expected one of: {string.Join(", ", allowed)}");
                continue;
            }
            found[key] = valueNode;
        }
        foreach (var key in required.Where(k => !found.ContainsKey(k))) Error(map, $"{what} is missing '{key}'");
        return found;
    }

    private YamlMappingNode? Map(YamlNode node, string what)
    {
        if (node is YamlMappingNode map) return map;
        Error(node, $"expected {what} (a mapping of keys), found {Describe(node)}");
        return null;
    }

    private string? Scalar(YamlNode node, string what)
    {
        if (node is YamlScalarNode scalar) return scalar.Value ?? "";
        Error(node, $"{what} must be a single value, not {Describe(node)}");
        return null;
    }

    private string? Identifier(YamlNode node, string what, Regex pattern, string allowed)
    {
        if (Scalar(node, what) is not { } value) return null;
        if (pattern.IsMatch(value)) return value;
        Error(node, $"{what} '{value}' may only use {allowed}");
        return null;
    }

    private int? Integer(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } value }
            && int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        Error(node, $"{what} must be a whole number, not {Describe(node)}");
        return null;
    }

    private bool? Boolean(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar) return scalar.Value == "true";
        Error(node, $"{what} must be true or false, not {Describe(node)}");
        return null;
    }

    private static YamlNode ValueNode(YamlNode map, string key) =>
        ((YamlMappingNode)map).Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : map;

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Value: null or "" } => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return YamlMarkPrefix().Replace(e.Message, "");
    }

    private void Error(YamlNode node, string message) => Error(SourcePosition.Of(node), message);

    private void Error(SourcePosition at, string message) =>
        _problems.Add(new SurveyProblem(_file, at.Line, at.Column, message, ProblemSeverity.Error));

    private void Warning(YamlNode node, string message) =>
        _problems.Add(new SurveyProblem(_file, (int)node.Start.Line, (int)node.Start.Column, message, ProblemSeverity.Warning));

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SurveyIdPattern();

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex QuestionIdPattern();

    [GeneratedRegex(@"^context\.(?<name>[a-z0-9_]+)(\|(?<fallback>[^{}|]*))?$")]
    private static partial Regex ContextPlaceholder();

    [GeneratedRegex(@"^answers\.(?<id>[a-z0-9_]+)$")]
    private static partial Regex AnswerPlaceholder();

    [GeneratedRegex(@"^sum\.(?<ids>[a-z0-9_]+(\+[a-z0-9_]+)+)(\|(?<fallback>[^{}|]*))?$")]
    private static partial Regex SumPlaceholder();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex YamlMarkPrefix();
}
