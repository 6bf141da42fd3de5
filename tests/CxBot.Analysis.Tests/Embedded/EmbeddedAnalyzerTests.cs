using CxBot.Analysis.Embedded;

namespace CxBot.Analysis.Tests.Embedded;

public sealed class EmbeddedAnalyzerTests
{
    private static readonly EmbeddedAnalyzer Analyzer = new(new NoPii());

    private static TextAnalysis Analyze(string text, string? language = null) => Analyzer.Analyze(new AnalysisRequest("t", text, language));

    private static Sentiment? ThemeSentiment(TextAnalysis a, string theme) => a.Themes.FirstOrDefault(t => t.Theme == theme)?.Sentiment;

    [Theory]
    [InlineData("en", "The delivery was really fast but the courier was rude to me")]
    [InlineData("ru", "Доставка очень быстрая, но курьер нахамил")]
    [InlineData("pl", "Dostawa bardzo szybka, ale kurier był niegrzeczny")]
    [InlineData("ro", "Livrarea a fost rapidă, dar curierul a fost nepoliticos")]
    public void Fast_delivery_but_rude_courier_is_mixed_with_delivery_positive_and_staff_attitude_negative(string language, string text)
    {
        var a = Analyze(text, language);

        Assert.Equal(Sentiment.Mixed, a.Sentiment);
        Assert.Equal(Sentiment.Positive, ThemeSentiment(a, "delivery"));
        Assert.Equal(Sentiment.Negative, ThemeSentiment(a, "staff_attitude"));
    }

    [Theory]
    [InlineData("en", "The app is not good at all", Sentiment.Negative)]
    [InlineData("en", "not bad", Sentiment.Positive)]
    [InlineData("ru", "не плохо", Sentiment.Positive)]
    [InlineData("ru", "Приложение совсем не удобное", Sentiment.Negative)]
    [InlineData("pl", "Aplikacja wcale nie jest wygodna", Sentiment.Negative)]
    [InlineData("pl", "nie jest źle", Sentiment.Positive)]
    [InlineData("ro", "nu e rău", Sentiment.Positive)]
    [InlineData("ro", "Aplicația nu e deloc bună", Sentiment.Negative)]
    public void Negation_turns_the_sentiment_around(string language, string text, Sentiment expected) =>
        Assert.Equal(expected, Analyze(text, language).Sentiment);

    [Theory]
    [InlineData("en", "Wonderful, my parcel is late again 🙄")]
    [InlineData("en", "Oh great, another month without my refund")]
    [InlineData("ru", "Супер, опять доставку перенесли 🙄")]
    [InlineData("pl", "Super, znowu przesunęli dostawę 🙄")]
    [InlineData("ro", "Minunat, iar mi-au amânat comanda 🙄")]
    public void Sarcastic_praise_is_negative(string language, string text) =>
        Assert.Equal(Sentiment.Negative, Analyze(text, language).Sentiment);

    [Theory]
    [InlineData("en", "I'm cancelling my subscription at the end of the month")]
    [InlineData("en", "If the price goes up once more I'm out")]
    [InlineData("en", "Switching to another bank next week")]
    [InlineData("en", "They offered a discount so that I would stay. No thanks, I'm switching to another provider.")]
    [InlineData("ru", "Ухожу к другому оператору")]
    [InlineData("ru", "perehozhu k drugomu provayderu")]
    [InlineData("pl", "Rezygnuję z abonamentu, mam dość")]
    [InlineData("ro", "Renunț la abonament, trec la alt operator")]
    public void Stated_intent_to_leave_is_churn_risk(string language, string text) =>
        Assert.True(Analyze(text, language).ChurnRisk);

    [Theory]
    [InlineData("en", "I almost cancelled last month but the new plan changed my mind")]
    [InlineData("en", "How do I cancel an order I placed by mistake?")]
    [InlineData("en", "I moved to a cheaper plan, it suits me better")]
    [InlineData("ru", "Чуть не ушла к конкурентам, но поддержка всё исправила")]
    [InlineData("pl", "Jak anulować zamówienie złożone wczoraj?")]
    [InlineData("ro", "Cum anulez o comandă făcută din greșeală?")]
    public void Almost_leaving_cancelling_an_order_or_downgrading_is_not_churn_risk(string language, string text) =>
        Assert.False(Analyze(text, language).ChurnRisk);

    [Theory]
    [InlineData("en", "If the monthly fee rises once more, I will cancel my contract")]
    [InlineData("ru", "Если ещё раз поднимете цены, уйду к конкурентам")]
    [InlineData("pl", "Jeśli znowu podniesiecie ceny, przechodzę do konkurencji")]
    [InlineData("ro", "Dacă mai creșteți prețul, trec la alt furnizor")]
    public void A_conditional_threat_to_leave_is_churn_risk_and_negative(string language, string text)
    {
        var a = Analyze(text, language);

        Assert.True(a.ChurnRisk);
        Assert.Equal(Sentiment.Negative, a.Sentiment);
    }

    [Fact]
    public void A_polite_request_to_close_an_account_is_churn_risk_but_not_negative()
    {
        var a = Analyze("We are relocating overseas, please close my account", "en");

        Assert.True(a.ChurnRisk);
        Assert.Equal(Sentiment.Neutral, a.Sentiment);
    }

    [Theory]
    [InlineData("en", "Do you offer a discount for pensioners?", "price_value")]
    [InlineData("pl", "Czy będzie możliwość płatności kartą przy odbiorze?", "feature_request")]
    public void A_question_about_a_theme_is_a_neutral_aspect(string language, string text, string theme)
    {
        var a = Analyze(text, language);

        Assert.Equal(Sentiment.Neutral, ThemeSentiment(a, theme));
        Assert.Equal(Sentiment.Neutral, a.Sentiment);
    }

    [Fact]
    public void A_feature_request_is_neutral_even_when_worded_nicely()
    {
        var a = Analyze("It would be great to have a widget for the home screen", "en");

        Assert.Equal(Sentiment.Neutral, ThemeSentiment(a, "feature_request"));
    }

    [Theory]
    [InlineData("en", "Please call me back this afternoon")]
    [InlineData("ru", "Перезвоните мне, пожалуйста, после обеда")]
    [InlineData("pl", "Proszę o kontakt w sprawie faktury")]
    [InlineData("ro", "Sunați-mă, vă rog, după ora 5")]
    public void Asking_for_a_call_is_wants_contact(string language, string text) =>
        Assert.True(Analyze(text, language).WantsContact);

    [Theory]
    [InlineData("en", "Stop calling me every evening with offers")]
    [InlineData("en", "No need to call me back, it works now")]
    [InlineData("ru", "Не звоните мне больше с предложениями")]
    [InlineData("pl", "Nie musicie oddzwaniać, już działa")]
    [InlineData("ro", "Nu mă mai sunați cu oferte")]
    public void Asking_not_to_be_called_is_not_wants_contact(string language, string text) =>
        Assert.False(Analyze(text, language).WantsContact);

    [Theory]
    [InlineData("en", "bad")]
    [InlineData("en", "ok")]
    [InlineData("ru", "не очень")]
    [InlineData("pl", "słabo")]
    [InlineData("ro", "nu prea")]
    public void A_vague_answer_is_not_specific(string language, string text) =>
        Assert.False(Analyze(text, language).IsSpecific);

    [Theory]
    [InlineData("en", "The courier left my parcel in the rain")]
    [InlineData("ro", "Aplicația se blochează la plată")]
    public void An_answer_that_names_what_happened_is_specific(string language, string text) =>
        Assert.True(Analyze(text, language).IsSpecific);

    [Fact]
    public void Polish_without_diacritics_reads_like_polish_with_them()
    {
        var with = Analyze("Obsługa była bardzo miła, ale paczka przyszła zniszczona", "pl");
        var without = Analyze("obsluga byla bardzo mila, ale paczka przyszla zniszczona", "pl");

        Assert.Equal(with.Sentiment, without.Sentiment);
        Assert.Equal(with.Themes.Select(t => (t.Theme, t.Sentiment)).Order(), without.Themes.Select(t => (t.Theme, t.Sentiment)).Order());
        Assert.Equal(Sentiment.Negative, ThemeSentiment(without, "delivery"));
    }

    [Fact]
    public void Russian_typed_in_latin_letters_is_detected_and_read_like_cyrillic()
    {
        var latin = Analyze("dostavka ochen bystraya, spasibo");
        var cyrillic = Analyze("доставка очень быстрая, спасибо", "ru");

        Assert.Equal("ru", latin.Language);
        Assert.Equal(Sentiment.Positive, latin.Sentiment);
        Assert.Equal(cyrillic.Themes.Select(t => (t.Theme, t.Sentiment)), latin.Themes.Select(t => (t.Theme, t.Sentiment)));
        Assert.Equal(Sentiment.Positive, ThemeSentiment(latin, "delivery"));
    }

    [Fact]
    public void Emoji_alone_carry_sentiment()
    {
        Assert.Equal(Sentiment.Positive, Analyze("😍😍", "en").Sentiment);
        Assert.Equal(Sentiment.Negative, Analyze("🤬", "pl").Sentiment);
        Assert.Equal(Sentiment.Neutral, Analyze("🤷", "ro").Sentiment);
    }

    [Fact]
    public void Pii_is_masked_before_analysis_and_its_kinds_are_reported()
    {
        var analyzer = new EmbeddedAnalyzer(new FixedPii("[email]", PiiKind.Email));

        var a = analyzer.Analyze(new AnalysisRequest("1", "write to jan@example.com please", "en"));

        Assert.Equal("[email]", a.MaskedText);
        Assert.Equal([PiiKind.Email], a.Pii);
    }

    [Fact]
    public void Every_confidence_is_between_zero_and_one_and_the_analyzer_names_itself()
    {
        var a = Analyze("Great food, terrible service, will not come back", "en");

        foreach (var c in new[] { a.Confidence.Sentiment, a.Confidence.Themes, a.Confidence.ChurnRisk, a.Confidence.WantsContact })
            Assert.InRange(c, 0, 1);
        Assert.InRange(a.Score, -1, 1);
        Assert.Equal("embedded", a.Analyzer);
    }

    [Fact]
    public void A_correction_changes_later_results_on_the_same_and_similar_texts_only()
    {
        var analyzer = new EmbeddedAnalyzer(new NoPii());
        const string text = "The mobile data bundle vanished two days after I topped up";
        var before = analyzer.Analyze(new AnalysisRequest("1", text, "en"));
        Assert.DoesNotContain(before.Themes, t => t.Theme == "billing_payment");

        analyzer.AddCorrection(text, "en", [new ThemeLabel("billing_payment", Sentiment.Negative)], Sentiment.Negative);

        var same = analyzer.Analyze(new AnalysisRequest("2", text, "en"));
        var similar = analyzer.Analyze(new AnalysisRequest("3", "my mobile data bundle vanished two days after I topped up!", "en"));
        var other = analyzer.Analyze(new AnalysisRequest("4", "The courier was friendly and quick", "en"));
        Assert.Equal([("billing_payment", Sentiment.Negative)], same.Themes.Select(t => (t.Theme, t.Sentiment)));
        Assert.Equal([("billing_payment", Sentiment.Negative)], similar.Themes.Select(t => (t.Theme, t.Sentiment)));
        Assert.Equal(Sentiment.Negative, similar.Sentiment);
        Assert.DoesNotContain(other.Themes, t => t.Theme == "billing_payment");
    }

    [Fact]
    public void A_correction_with_an_unknown_theme_is_refused() =>
        Assert.Throws<ArgumentException>(() => new EmbeddedAnalyzer(new NoPii()).AddCorrection("x", "en", [new ThemeLabel("nope", Sentiment.Neutral)]));

    [Fact]
    public async Task A_batch_gives_one_result_per_answer_in_order()
    {
        var batch = new[] { new AnalysisRequest("a", "love it", "en"), new AnalysisRequest("b", "ужасно", null), new AnalysisRequest("c", "9", null) };

        var results = await Analyzer.AnalyzeAsync(batch, TestContext.Current.CancellationToken);

        Assert.Equal(["a", "b", "c"], results.Select(r => r.Id));
        Assert.Equal("ru", results[1].Language);
        Assert.Equal(Sentiment.Negative, results[1].Sentiment);
    }

    private sealed class FixedPii(string masked, PiiKind kind) : IPiiRedactor
    {
        public PiiRedaction Redact(string text) => new(masked, [kind]);
    }
}
