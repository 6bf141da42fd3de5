using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;
using CxBot.Surveys.Engine;

namespace CxBot.Surveys.Tests.Engine;

/// <summary>A conversation script against the pure engine: Send a message, look at the reply and what was recorded.</summary>
internal sealed class EngineScript
{
    private static readonly SurveyEngine Engine = new(new AnswerReader(), EngineTexts.Default);
    private readonly SurveyDefinition _survey;
    private int _random;

    public EngineScript(SurveyDefinition survey, string language = "en", IReadOnlyDictionary<string, string>? context = null, int seed = 1)
    {
        _survey = survey;
        _random = seed;
        var result = Engine.Start(survey, new StartRequest("resp-1", language, DateTimeOffset.UnixEpoch, _random, "cust-1", context));
        State = result.State;
        Last = result.Reply;
        Replies.Add(result.Reply);
    }

    public SurveyState State { get; private set; }
    public Reply Last { get; private set; }
    public List<RecordedAnswer> Recorded { get; } = [];
    public List<Reply> Replies { get; } = [];

    public EngineScript Send(string text, string? detectedLanguage = null, bool? vague = null)
    {
        _random = unchecked(_random * 1_103_515_245 + 12_345) & int.MaxValue;
        var result = Engine.Next(_survey, State, new Inbound(text, DateTimeOffset.UnixEpoch.AddMinutes(Recorded.Count), _random, null, detectedLanguage, vague));
        State = result.State;
        Last = result.Reply;
        Replies.Add(result.Reply);
        Recorded.AddRange(result.Recorded);
        return this;
    }

    public string CurrentQuestion => _survey.Questions[State.Position].Id;

    public static string Text(string language, string key) => EngineTexts.Default.Get(language, key);
    public static string[] Lines(string language, string key) => EngineTexts.Default.Variants(language, key);
}

/// <summary>A small survey built in code so each test reads with its questions in view.</summary>
internal static class TestSurveys
{
    public static LocalizedText T(string en, string? pl = null) =>
        new(new Dictionary<string, string> { ["en"] = en, ["pl"] = pl ?? "PL " + en });

    public static SurveyDefinition PostPurchase(bool anonymous = false) => new(
        "test-survey", 3, ["en", "pl"], T("Test"),
        T("Thanks for order {context.order_id|}!"),
        [
            new Question("nps", QuestionKind.Nps, T("How likely are you to recommend us?"), []),
            new Question("reason", QuestionKind.OpenText, T("What could we do better?"), [], Optional: true,
                Variants: [
                    new TextVariant(new Condition("nps", Group: NpsGroup.Detractor), T("Sorry! What went wrong?")),
                    new TextVariant(new Condition("nps", Group: NpsGroup.Promoter), T("Great! What did you like?")),
                ]),
            new Question("csat", QuestionKind.Csat, T("How satisfied are you (you gave {answers.nps})?"), []),
            new Question("channel", QuestionKind.Choice, T("How did you contact us?"),
                [new ChoiceOption("phone", T("Phone")), new ChoiceOption("email", T("E-mail")), new ChoiceOption("chat", T("Chat"))],
                When: new Condition("csat", Max: 2)),
            new Question("ces", QuestionKind.Ces, T("How easy was it?"), []),
        ],
        T("Thank you!"), anonymous);
}
