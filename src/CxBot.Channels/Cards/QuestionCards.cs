using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CxBot.Channels.Cards;

/// <summary>Which question a card asks, so a tap on it can be matched to the question still open.</summary>
/// <param name="Kind">The question kind as surveys name it: nps, csat, ces, likert, yes_no, choice, multi_choice, open_text.</param>
public sealed record CardQuestion(string ResponseId, string QuestionId, string Kind);

/// <summary>A tap on a question card: the question it belongs to and the answer it means, as the customer would have typed it.</summary>
public sealed record CardPress(string ResponseId, string QuestionId, string Answer);

/// <summary>How a channel shows question cards (capability table): the card version, the action type and the kinds shown as cards.</summary>
public sealed record AdaptiveCardSupport(string Version, string Action, IReadOnlyList<string> Kinds)
{
    public const string Submit = "Action.Submit";
    public const string Execute = "Action.Execute";

    public bool Shows(string kind) => Kinds.Contains(kind, StringComparer.Ordinal);
}

/// <summary>
/// Builds question cards from the template in Cards/question-card.json and reads taps on them. The
/// card's buttons carry the response id, the question id and the value, so the bot can tell a tap on
/// the open question from one on an old card without keeping anything per button.
/// </summary>
public sealed class QuestionCards
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>The verb of an <c>Action.Execute</c> (invoke <c>adaptiveCard/action</c>) that answers a question.</summary>
    public const string AnswerVerb = "cx.answer";

    private const string Marker = "cx";
    private const string ChoicesInput = "choices";
    private const string TextInput = "text";

    private readonly JsonObject _template;
    private readonly int _maxPerRow;
    private readonly int _shortTitle;

    private QuestionCards(JsonObject template)
    {
        _template = template;
        _maxPerRow = template["maxPerRow"]?.GetValue<int>() ?? 6;
        _shortTitle = template["shortTitle"]?.GetValue<int>() ?? 12;
        foreach (var part in (string[])["card", "line", "buttonRow", "multiChoice", "openText", "answered", "closed", "texts"])
            if (template[part] is null) throw new InvalidDataException($"question-card.json lacks '{part}'.");
        if (template["texts"]!["en"] is null) throw new InvalidDataException("question-card.json needs English texts.");
    }

    public static QuestionCards Default { get; } = LoadEmbedded();

    public IEnumerable<string> Languages => _template["texts"]!.AsObject().Select(p => p.Key);

    /// <summary>The card asking a question: its text line by line, then its buttons or inputs.</summary>
    public Attachment Question(AdaptiveCardSupport support, CardQuestion question, string text, IReadOnlyList<Rendering.Choice> choices, string language)
    {
        var card = Card(support, text);
        var body = card["body"]!.AsArray();
        var data = new JsonObject { [Marker] = "answer", ["r"] = question.ResponseId, ["q"] = question.QuestionId };
        switch (question.Kind)
        {
            case "multi_choice":
                var set = Part("multiChoice");
                var options = set["choices"]!.AsArray();
                for (var i = 0; i < choices.Count; i++)
                    options.Add(new JsonObject { ["title"] = choices[i].Title, ["value"] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) });
                body.Add(set);
                body.Add(Row([Action(support, Text(language, "submit"), data)]));
                break;
            case "open_text":
                body.Add(Fill(Part("openText"), "{placeholder}", Text(language, "placeholder")));
                List<JsonObject> actions = [Action(support, Text(language, "submit"), data)];
                // An optional question's Skip button sends the skip word, as tapping it in any other channel does.
                actions.AddRange(choices.Select(c => Action(support, c.Title, With(data, "a", c.Value))));
                body.Add(Row(actions));
                break;
            default:
                var buttons = choices.Select(c => Action(support, c.Title, With(data, "a", c.Value))).ToList();
                foreach (var row in Rows(buttons, choices)) body.Add(Row(row));
                break;
        }
        return ToAttachment(card);
    }

    /// <summary>The read-only card that replaces an answered one: the question and what was answered, without buttons.</summary>
    public Attachment Answered(AdaptiveCardSupport support, string? questionText, string answer, string language) =>
        Closing(support, questionText, Fill(Part("answered"), "{answered}", Text(language, "answered").Replace("{answer}", answer, StringComparison.Ordinal)));

    /// <summary>The read-only card that replaces one which can no longer be answered (another question is open, or the survey ended).</summary>
    public Attachment Closed(AdaptiveCardSupport support, string? questionText, string language) =>
        Closing(support, questionText, Fill(Part("closed"), "{closed}", Text(language, "closed")));

    /// <summary>
    /// Reads a tap from a submit's <c>value</c> or an execute's <c>action.data</c>. Null when the data
    /// is not from a question card. A multi-choice answer becomes the option numbers ("1, 3") and an
    /// open answer its text, just as a customer would type them.
    /// </summary>
    public static CardPress? ReadPress(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
        if (node is not JsonObject data || Str(data, Marker) != "answer" || Str(data, "r") is not { Length: > 0 } response || Str(data, "q") is not { Length: > 0 } questionId)
            return null;
        var answer = Str(data, "a")
            ?? (Str(data, ChoicesInput) is { } picked ? string.Join(", ", picked.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) : null)
            ?? Str(data, TextInput)
            ?? "";
        return new CardPress(response, questionId, answer);
    }

    internal static QuestionCards Parse(Stream json) =>
        new(JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("question-card.json is empty."));

    private static QuestionCards LoadEmbedded()
    {
        using var stream = typeof(QuestionCards).Assembly.GetManifestResourceStream("CxBot.Channels.question-card.json")
            ?? throw new InvalidOperationException("Embedded question-card.json is missing.");
        return Parse(stream);
    }

    private Attachment Closing(AdaptiveCardSupport support, string? questionText, JsonObject note)
    {
        var card = Card(support, questionText ?? "");
        card["body"]!.AsArray().Add(note);
        return ToAttachment(card);
    }

    private JsonObject Card(AdaptiveCardSupport support, string text)
    {
        var card = Fill(Part("card"), "{version}", support.Version);
        card["fallbackText"] = text;
        var body = card["body"]!.AsArray();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            body.Add(Fill(Part("line"), "{text}", line));
        return card;
    }

    /// <summary>Short titles share rows of at most maxPerRow, balanced (11 → 6 + 5); a long title gets a row of its own.</summary>
    private IEnumerable<List<JsonObject>> Rows(List<JsonObject> buttons, IReadOnlyList<Rendering.Choice> choices)
    {
        if (choices.Any(c => c.Title.Length > _shortTitle)) return buttons.Select(b => new List<JsonObject> { b });
        var rows = (buttons.Count + _maxPerRow - 1) / _maxPerRow;
        var perRow = rows == 0 ? 1 : (buttons.Count + rows - 1) / rows;
        return buttons.Chunk(perRow).Select(c => c.ToList());
    }

    private JsonObject Row(List<JsonObject> actions)
    {
        var row = Part("buttonRow");
        var list = row["actions"]!.AsArray();
        foreach (var a in actions) list.Add(a);
        return row;
    }

    private static JsonObject Action(AdaptiveCardSupport support, string title, JsonObject data)
    {
        var action = new JsonObject { ["type"] = support.Action, ["title"] = title };
        if (support.Action == AdaptiveCardSupport.Execute) action["verb"] = AnswerVerb;
        action["data"] = data.DeepClone();
        return action;
    }

    private static JsonObject With(JsonObject data, string name, string value)
    {
        var copy = data.DeepClone().AsObject();
        copy[name] = value;
        return copy;
    }

    private string Text(string language, string key) =>
        (_template["texts"]![language] ?? _template["texts"]!["en"])![key]?.GetValue<string>() ?? key;

    private JsonObject Part(string name) => _template[name]!.DeepClone().AsObject();

    /// <summary>Replaces a placeholder that is a whole string value anywhere in the fragment.</summary>
    private static JsonObject Fill(JsonObject fragment, string placeholder, string value)
    {
        foreach (var (name, child) in fragment.ToList())
        {
            if (child is JsonValue v && v.TryGetValue<string>(out var s) && s == placeholder) fragment[name] = value;
        }
        return fragment;
    }

    private static string? Str(JsonObject data, string name) =>
        data[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // The SDK serializes attachments with Newtonsoft: hand it a JObject, not a System.Text.Json node.
    private static Attachment ToAttachment(JsonObject card) =>
        new() { ContentType = ContentType, Content = JObject.Parse(card.ToJsonString()) };
}
