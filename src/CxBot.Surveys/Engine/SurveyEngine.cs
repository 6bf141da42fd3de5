using System.Globalization;
using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Engine;

/// <summary>
/// The dialog engine: given a survey, the state and the customer's message, it returns the next
/// state, the one reply to send and what to record. Pure: no I/O; time and randomness come in
/// with the message, so every turn is reproducible in tests.
/// </summary>
public sealed class SurveyEngine(IAnswerReader reader, EngineTexts texts)
{
    // Longest vague first answer kept in state until its follow-up arrives.
    private const int FollowUpOfMaxLength = 500;

    public TurnResult Start(SurveyDefinition survey, StartRequest start)
    {
        var state = new SurveyState
        {
            SurveyId = survey.Id,
            Version = survey.Version,
            ResponseId = start.ResponseId,
            Language = survey.Languages.Contains(start.Language) ? start.Language : survey.Languages[0],
            Context = start.Context is { Count: > 0 } context ? new(context) : null,
            CustomerId = start.CustomerId,
        };
        var lang = state.Language;
        var parts = new List<string>();
        if (survey.Intro is { } intro) parts.Add(Fill(intro.For(lang), state));
        if (survey.Anonymous) parts.Add(texts.Get(lang, "anonymous"));
        var first = NextQuestion(survey, state, after: -1);
        if (first < 0) return Complete(survey, state, parts, [], start.At);
        state.Position = first;
        return Ask(survey, state, parts, []);
    }

    /// <summary>The customer came back (a new join on the same conversation): repeat where they are, change nothing.</summary>
    public TurnResult Resume(SurveyDefinition survey, SurveyState state)
    {
        var lang = state.Language;
        return state.Status == ResponseStatus.Active
            ? Ask(survey, state, [texts.Get(lang, "resume")], [])
            : new(state, new Reply(texts.Get(lang, "already_done"), null), []);
    }

    public TurnResult Next(SurveyDefinition survey, SurveyState current, Inbound inbound)
    {
        if (current.SurveyId != survey.Id || current.Version != survey.Version)
            throw new ArgumentException($"State is for {current.SurveyId}@{current.Version}, not {survey.Key}.", nameof(survey));
        var state = current.Copy();
        if (inbound.DetectedLanguage is { } detected && detected != state.Language && survey.Languages.Contains(detected))
            state.Language = detected;
        var lang = state.Language;
        if (state.Status != ResponseStatus.Active) return new(state, new Reply(texts.Get(lang, "already_done"), null), []);

        var question = survey.Questions[state.Position];
        // A ranking asks about the options not ranked yet: numbers count those, as they are listed.
        var closed = question.Kind == QuestionKind.Ranking
            ? new ClosedQuestion(QuestionKind.Ranking, 0, Remaining(question, state))
            : ClosedQuestion.From(question);
        var reading = reader.Read(closed, lang, inbound.Text);
        return reading.Status switch
        {
            AnswerStatus.Stop => Stop(state, inbound.At),
            AnswerStatus.Help => Ask(survey, state, [texts.Get(lang, "help")], []),
            AnswerStatus.Back when state.Ranked is { Count: > 0 } => UndoPick(survey, state, question),
            AnswerStatus.Back => Back(survey, state),
            AnswerStatus.Skip => Skip(survey, state, question, inbound),
            AnswerStatus.Ok when question.Kind == QuestionKind.OpenText => OpenAnswer(survey, state, question, inbound),
            AnswerStatus.Ok when question.Kind == QuestionKind.Ranking => RankingAnswer(survey, state, question, (AnswerValue.Options)reading.Value!, inbound),
            AnswerStatus.Ok => ClosedAnswer(survey, state, question, reading.Value!, inbound),
            _ => Unclear(survey, state, question, reading, inbound),
        };
    }

    private TurnResult ClosedAnswer(SurveyDefinition survey, SurveyState state, Question question, AnswerValue value, Inbound inbound)
    {
        state.Answers[question.Id] = Compact(value);
        var recorded = Record(state, RecordedAnswer.AnswerEvent, question, inbound.Text, value, inbound.At);
        var parts = new List<string>();
        if (EmpathyKey(question, value) is { } key) parts.Add(texts.Pick(state.Language, key, inbound.Random, state.RecentLines ??= []));
        return Advance(survey, state, parts, [recorded], inbound.At);
    }

    /// <summary>
    /// Adds the picks to the order so far. The order is recorded once it is complete: its top N, or
    /// every option (the last place is no choice, so it is filled in). Until then the colleague is
    /// asked for the next one among those left.
    /// </summary>
    private TurnResult RankingAnswer(SurveyDefinition survey, SurveyState state, Question question, AnswerValue.Options picks, Inbound inbound)
    {
        var ranked = state.Ranked ??= [];
        foreach (var id in picks.Ids)
            if (ranked.Count < question.RankCount && !ranked.Contains(id)) ranked.Add(id);
        if (question.Top == 0 && question.Options.Count - ranked.Count == 1)
            ranked.Add(question.Options.First(o => !ranked.Contains(o.Id)).Id);
        state.Unclear = 0;
        state.SkipQuestioned = false;
        if (ranked.Count < question.RankCount)
            return Ask(survey, state, [RankedSoFar(question, state, "rank.next")], [], repeatQuestion: false);

        var value = new AnswerValue.Options([.. ranked]);
        var done = RankedSoFar(question, state, "rank.done");
        state.Answers[question.Id] = Compact(value);
        var recorded = Record(state, RecordedAnswer.AnswerEvent, question, inbound.Text, value, inbound.At);
        return Advance(survey, state, [done], [recorded], inbound.At);
    }

    /// <summary>"Back" in the middle of a ranking takes back the last pick rather than leaving the question.</summary>
    private TurnResult UndoPick(SurveyDefinition survey, SurveyState state, Question question)
    {
        var ranked = state.Ranked!;
        var last = question.Options.First(o => o.Id == ranked[^1]);
        ranked.RemoveAt(ranked.Count - 1);
        if (ranked.Count == 0) state.Ranked = null;
        var parts = new List<string> { texts.Get(state.Language, "rank.undo").Replace("{option}", last.Label.For(state.Language), StringComparison.Ordinal) };
        if (state.Ranked is not null) parts.Add(RankedSoFar(question, state, "rank.next"));
        return Ask(survey, state, parts, [], repeatQuestion: state.Ranked is null);
    }

    private static List<ChoiceOption> Remaining(Question question, SurveyState state) =>
        state.Ranked is { Count: > 0 } ranked ? [.. question.Options.Where(o => !ranked.Contains(o.Id))] : [.. question.Options];

    /// <summary>The order so far as "1. Service · 2. Products", in the text under <paramref name="key"/>.</summary>
    private string RankedSoFar(Question question, SurveyState state, string key)
    {
        var lang = state.Language;
        var labels = (state.Ranked ?? []).Select((id, i) => $"{i + 1}. {question.Options.First(o => o.Id == id).Label.For(lang)}");
        // Labels come from the survey file, not from a customer, and the list may be long: no piping truncation.
        return texts.Get(lang, key).Replace("{ranked}", string.Join(" · ", labels), StringComparison.Ordinal);
    }

    private TurnResult OpenAnswer(SurveyDefinition survey, SurveyState state, Question question, Inbound inbound)
    {
        var text = state.FollowUpOf is { } first ? first + "\n" + inbound.Text : inbound.Text;
        var recorded = Record(state, RecordedAnswer.AnswerEvent, question, text, new AnswerValue.Text(text), inbound.At);
        state.Answers[question.Id] = "~";
        if (inbound.OpenTextIsVague == true && !state.FollowUpAsked)
        {
            // One follow-up at most, and the vague answer is recorded now: a partial answer is data too.
            state.FollowUpAsked = true;
            state.FollowUpOf = text.Length <= FollowUpOfMaxLength ? text : text[..FollowUpOfMaxLength];
            state.Revisions ??= [];
            state.Revisions[question.Id] = state.RevisionOf(question.Id) + 1;
            var probe = inbound.FollowUp ?? texts.Pick(state.Language, "probe", inbound.Random, state.RecentLines ??= []);
            return new(state, new Reply(probe, PromptFor(question, state)), [recorded]);
        }
        return Advance(survey, state, [], [recorded], inbound.At);
    }

    private TurnResult Skip(SurveyDefinition survey, SurveyState state, Question question, Inbound inbound)
    {
        var lang = state.Language;
        if (!question.Optional && !state.SkipQuestioned)
        {
            state.SkipQuestioned = true;
            return Ask(survey, state, [texts.Get(lang, "skip.required")], [], repeatQuestion: false);
        }
        state.Answers[question.Id] = "";
        var recorded = Record(state, RecordedAnswer.SkipEvent, question, inbound.Text, null, inbound.At);
        return Advance(survey, state, [texts.Pick(lang, "skip.ok", inbound.Random, state.RecentLines ??= [])], [recorded], inbound.At);
    }

    private TurnResult Back(SurveyDefinition survey, SurveyState state)
    {
        var lang = state.Language;
        if (state.Path.Count == 0) return Ask(survey, state, [texts.Get(lang, "back.none")], []);
        var previous = state.Path[^1];
        state.Path.RemoveAt(state.Path.Count - 1);
        var id = survey.Questions[previous].Id;
        state.Answers.Remove(id);
        // The new answer gets its own revision, so downstream the later one supersedes the earlier.
        state.Revisions ??= [];
        state.Revisions[id] = state.RevisionOf(id) + 1;
        ResetQuestionFlags(state);
        state.Position = previous;
        return Ask(survey, state, [texts.Get(lang, "back.ok")], []);
    }

    private TurnResult Unclear(SurveyDefinition survey, SurveyState state, Question question, AnswerReading reading, Inbound inbound)
    {
        var lang = state.Language;
        if (reading.IsQuestion) return Ask(survey, state, [texts.Get(lang, "off_topic")], []);
        var listed = question.Kind == QuestionKind.Ranking ? Remaining(question, state).Count : question.Options.Count;
        state.Unclear++;
        if (state.Unclear >= 2)
        {
            // Asked twice and still unclear: never pushy, move on and keep what was typed.
            state.Answers[question.Id] = "";
            var recorded = Record(state, RecordedAnswer.SkipEvent, question, inbound.Text, null, inbound.At);
            return Advance(survey, state, [texts.Pick(lang, "moving_on", inbound.Random, state.RecentLines ??= [])], [recorded], inbound.At);
        }
        var hint = reading.Status == AnswerStatus.OutOfRange ? OutOfRangeHint(question, listed, lang) : texts.Get(lang, HintKey(question));
        return Ask(survey, state, [hint], [], repeatQuestion: false);
    }

    private TurnResult Stop(SurveyState state, DateTimeOffset at)
    {
        state.Status = ResponseStatus.Stopped;
        var recorded = Record(state, RecordedAnswer.StopEvent, null, null, null, at);
        return new(state, new Reply(texts.Get(state.Language, "stop"), null), [recorded]);
    }

    private TurnResult Advance(SurveyDefinition survey, SurveyState state, List<string> parts, List<RecordedAnswer> recorded, DateTimeOffset at)
    {
        state.Path.Add(state.Position);
        ResetQuestionFlags(state);
        var next = NextQuestion(survey, state, state.Position);
        if (next < 0) return Complete(survey, state, parts, recorded, at);
        state.Position = next;
        return Ask(survey, state, parts, recorded);
    }

    private TurnResult Complete(SurveyDefinition survey, SurveyState state, List<string> parts, List<RecordedAnswer> recorded, DateTimeOffset at)
    {
        state.Status = ResponseStatus.Completed;
        recorded.Add(Record(state, RecordedAnswer.CompleteEvent, null, null, null, at));
        parts.Add(Fill(survey.Closing.For(state.Language), state));
        return new(state, new Reply(string.Join("\n\n", parts), null), recorded);
    }

    private TurnResult Ask(SurveyDefinition survey, SurveyState state, List<string> parts, List<RecordedAnswer> recorded, bool repeatQuestion = true)
    {
        var question = survey.Questions[state.Position];
        if (repeatQuestion) parts.Add(QuestionText(survey, question, state));
        return new(state, new Reply(string.Join("\n\n", parts), PromptFor(question, state)), recorded);
    }

    private static void ResetQuestionFlags(SurveyState state)
    {
        state.Unclear = 0;
        state.SkipQuestioned = false;
        state.FollowUpAsked = false;
        state.FollowUpOf = null;
        state.Ranked = null;
    }

    private RecordedAnswer Record(SurveyState state, string @event, Question? question, string? text, AnswerValue? value, DateTimeOffset at) =>
        new(@event, question?.Id, question?.Kind, text, value, question is null ? 0 : state.RevisionOf(question.Id), state.Language, at);

    /// <summary>The first question after <paramref name="after"/> whose condition holds, or -1 when none is left.</summary>
    internal static int NextQuestion(SurveyDefinition survey, SurveyState state, int after)
    {
        for (var i = after + 1; i < survey.Questions.Count; i++)
            if (survey.Questions[i].When is not { } when || Holds(when, state)) return i;
        return -1;
    }

    internal static bool Holds(Condition when, SurveyState state)
    {
        if (!state.Answers.TryGetValue(when.Question, out var answer) || answer.Length == 0) return false;
        if (when.AnyOf is { Count: > 0 } anyOf && !answer.Split(',').Any(anyOf.Contains)) return false;
        if (when.Group is null && when.Min is null && when.Max is null) return true;
        if (!int.TryParse(answer, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return false;
        if (when.Group is { } group && NpsGroupOf(n) != group) return false;
        return n >= (when.Min ?? int.MinValue) && n <= (when.Max ?? int.MaxValue);
    }

    public static NpsGroup NpsGroupOf(int score) => score switch
    {
        <= 6 => NpsGroup.Detractor,
        <= 8 => NpsGroup.Passive,
        _ => NpsGroup.Promoter,
    };

    private string QuestionText(SurveyDefinition survey, Question question, SurveyState state)
    {
        var lang = state.Language;
        var wording = question.Variants?.FirstOrDefault(v => Holds(v.When, state))?.Text ?? question.Text;
        var text = Fill(wording.For(lang), state);
        if (question.Kind == QuestionKind.Ranking)
        {
            if (state.Ranked is { Count: > 0 }) return text + "\n" + RankedSoFar(question, state, "rank.next");
            var how = texts.Get(lang, question.Top > 0 ? "rank.how.top" : "rank.how").Replace("{top}", question.Top.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            return text + "\n" + how;
        }
        if (!question.IsScale) return text;
        var (min, max) = question.Scale;
        var legend = question.LowLabel is { } low && question.HighLabel is { } high
            ? $"{min} = {low.For(lang)} · {max} = {high.For(lang)}"
            : texts.Get(lang, ScaleKey(question));
        return text + "\n" + legend;
    }

    private static string Fill(string text, SurveyState state) => TextPiping.Fill(text, state.Context, state.Answers);

    private Prompt? PromptFor(Question question, SurveyState state)
    {
        var lang = state.Language;
        List<PromptChoice> choices = question.Kind switch
        {
            QuestionKind.Ranking => [.. Remaining(question, state).Select(o => new PromptChoice(o.Label.For(lang), o.Label.For(lang)))],
            QuestionKind.YesNo => [new(texts.Get(lang, "button.yes"), texts.Get(lang, "button.yes")), new(texts.Get(lang, "button.no"), texts.Get(lang, "button.no"))],
            QuestionKind.Choice or QuestionKind.MultiChoice => [.. question.Options.Select(o => new PromptChoice(o.Label.For(lang), o.Label.For(lang)))],
            QuestionKind.OpenText when question.Optional => [new(texts.Get(lang, "button.skip"), texts.Get(lang, "button.skip"))],
            QuestionKind.OpenText => [],
            _ => [.. Enumerable.Range(question.Scale.Min, question.Scale.Max - question.Scale.Min + 1)
                    .Select(n => n.ToString(CultureInfo.InvariantCulture)).Select(n => new PromptChoice(n, n))],
        };
        return new Prompt(question.Id, question.Kind, choices, question.IsScale);
    }

    private string OutOfRangeHint(Question question, int listed, string lang)
    {
        var values = question.IsScale
            ? new Dictionary<string, string> { ["min"] = question.Scale.Min.ToString(CultureInfo.InvariantCulture), ["max"] = question.Scale.Max.ToString(CultureInfo.InvariantCulture) }
            : new Dictionary<string, string> { ["max"] = listed.ToString(CultureInfo.InvariantCulture) };
        return TextPiping.Fill(texts.Get(lang, question.IsScale ? "out_of_range" : "out_of_range.option"), null, null, values);
    }

    private static string HintKey(Question question) => question.Kind switch
    {
        QuestionKind.Nps => "hint.nps",
        QuestionKind.Csat => "hint.csat",
        QuestionKind.Ces => "hint.ces",
        QuestionKind.Likert => question.Points == 7 ? "hint.likert7" : "hint.likert5",
        QuestionKind.YesNo => "hint.yes_no",
        QuestionKind.Choice => "hint.choice",
        QuestionKind.MultiChoice => "hint.multi_choice",
        QuestionKind.Ranking => "hint.ranking",
        _ => "hint.open_text",
    };

    private static string ScaleKey(Question question) => question.Kind switch
    {
        QuestionKind.Nps => "scale.nps",
        QuestionKind.Csat => "scale.csat",
        QuestionKind.Ces => "scale.ces",
        _ => question.Points == 7 ? "scale.likert7" : "scale.likert5",
    };

    /// <summary>Low scores get an acknowledgement, middling ones a short "got it", high ones thanks.</summary>
    private static string? EmpathyKey(Question question, AnswerValue value)
    {
        if (!question.IsScale || value is not AnswerValue.Number { Value: var n }) return null;
        var (min, max) = question.Scale;
        var band = question.Kind == QuestionKind.Nps
            ? NpsGroupOf(n) switch { NpsGroup.Detractor => 0, NpsGroup.Passive => 1, _ => 2 }
            : ((double)(n - min) / (max - min)) switch { < 0.4 => 0, < 0.6 => 1, _ => 2 };
        return band switch { 0 => "empathy.low", 1 => "empathy.mid", _ => "empathy.high" };
    }

    /// <summary>The compact form of an answer kept in state (for conditions, piping and "back").</summary>
    public static string Compact(AnswerValue value) => value switch
    {
        AnswerValue.Number n => n.Value.ToString(CultureInfo.InvariantCulture),
        AnswerValue.YesNo b => b.Value ? "true" : "false",
        AnswerValue.Option o => o.Id,
        AnswerValue.Options o => string.Join(',', o.Ids),
        _ => "~",
    };
}
