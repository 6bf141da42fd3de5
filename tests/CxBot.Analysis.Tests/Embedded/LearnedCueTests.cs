using CxBot.Analysis.Embedded;

namespace CxBot.Analysis.Tests.Embedded;

/// <summary>Corrections as learned cue phrases: what one CX team's correction changes, and what it leaves alone.</summary>
public sealed class LearnedCueTests
{
    private static TextAnalysis Analyze(EmbeddedAnalyzer analyzer, string text, string language) =>
        analyzer.Analyze(new AnalysisRequest("t", text, language));

    private static bool HasTheme(TextAnalysis a, string theme) => a.Themes.Any(t => t.Theme == theme);

    [Theory]
    [InlineData("en", "The stamps came with smudged watermarks", "the stamps came with smudged watermarks!!", "Smudged watermarks on half of the sheets, annoying")]
    [InlineData("ru", "Коллекция марок пришла со смазанными водяными знаками", "коллекция марок пришла со смазанными водяными знаками!", "Опять смазанные водяные знаки на листах")]
    [InlineData("pl", "Znaczki przyszły z rozmazanymi znakami wodnymi", "znaczki przyszły z rozmazanymi znakami wodnymi...", "Znowu rozmazane znaki wodne na arkuszach")]
    [InlineData("ro", "Timbrele au venit cu filigranele pătate", "timbrele au venit cu filigranele patate!", "Iar filigrane pătate pe jumătate din coli")]
    public void A_correction_adding_a_missed_theme_tags_the_same_a_similar_and_a_different_answer_sharing_its_cues(
        string language, string corrected, string similar, string different)
    {
        var analyzer = new EmbeddedAnalyzer(new NoPii());
        Assert.False(HasTheme(Analyze(analyzer, corrected, language), "product_quality"));
        Assert.False(HasTheme(Analyze(analyzer, different, language), "product_quality"));

        analyzer.AddCorrection(new AnswerCorrection(corrected, language, [new ThemeLabel("product_quality", Sentiment.Negative)], Sentiment.Negative));

        Assert.Equal([("product_quality", Sentiment.Negative)], Analyze(analyzer, corrected, language).Themes.Select(t => (t.Theme, t.Sentiment)));
        Assert.Equal([("product_quality", Sentiment.Negative)], Analyze(analyzer, similar, language).Themes.Select(t => (t.Theme, t.Sentiment)));
        var learned = Analyze(analyzer, different, language);
        Assert.Contains(learned.Themes, t => t.Theme == "product_quality" && t.Sentiment == Sentiment.Negative);
    }

    [Fact]
    public void One_shared_learned_word_alone_is_not_enough_for_the_theme()
    {
        var analyzer = new EmbeddedAnalyzer(new NoPii());
        analyzer.AddCorrection(new AnswerCorrection("The stamps came with smudged watermarks", "en", [new ThemeLabel("product_quality", Sentiment.Negative)], null));

        Assert.False(HasTheme(Analyze(analyzer, "Your watermarks look lovely", "en"), "product_quality"));
        Assert.False(HasTheme(Analyze(analyzer, "Stamps came today", "en"), "product_quality"));
    }

    [Fact]
    public void Learned_cues_stay_in_the_language_they_were_learned_in()
    {
        var analyzer = new EmbeddedAnalyzer(new NoPii());
        analyzer.AddCorrection(new AnswerCorrection("The stamps came with smudged watermarks", "en", [new ThemeLabel("product_quality", Sentiment.Negative)], null));

        Assert.False(HasTheme(Analyze(analyzer, "smudged watermarks", "ro"), "product_quality"));
    }

    [Fact]
    public void Common_words_and_words_already_in_the_lexicon_are_not_learned()
    {
        var analyzer = new EmbeddedAnalyzer(new NoPii());
        analyzer.AddCorrection(new AnswerCorrection(
            "Something happened yesterday, terrible experience", "en", [new ThemeLabel("issue_resolution", Sentiment.Negative)], null));

        Assert.False(HasTheme(Analyze(analyzer, "Something wonderful yesterday, terrible weather though", "en"), "issue_resolution"));
    }

    [Fact]
    public void A_correction_removing_a_theme_stops_the_cue_that_gave_it_in_that_language_only()
    {
        var analyzer = new EmbeddedAnalyzer(new NoPii());
        const string corrected = "The stamps arrived on Monday, thanks";
        const string later = "My order arrived on a Friday";
        Assert.True(HasTheme(Analyze(analyzer, corrected, "en"), "delivery"));
        Assert.True(HasTheme(Analyze(analyzer, later, "en"), "delivery"));
        Assert.True(HasTheme(Analyze(analyzer, "Zamówienie dotarło w piątek", "pl"), "delivery"));

        analyzer.AddCorrection(new AnswerCorrection(corrected, "en", [], Sentiment.Positive));

        Assert.Empty(Analyze(analyzer, corrected, "en").Themes);
        Assert.False(HasTheme(Analyze(analyzer, later, "en"), "delivery"));
        Assert.True(HasTheme(Analyze(analyzer, "Zamówienie dotarło w piątek", "pl"), "delivery"));
        Assert.True(HasTheme(Analyze(analyzer, "The courier was late with my parcel", "en"), "delivery"));
    }

    [Fact]
    public void A_correction_removing_a_learned_theme_unlearns_its_cues()
    {
        var analyzer = new EmbeddedAnalyzer(new NoPii());
        analyzer.AddCorrection(new AnswerCorrection("The stamps came with smudged watermarks", "en", [new ThemeLabel("product_quality", Sentiment.Negative)], null));
        Assert.True(HasTheme(Analyze(analyzer, "Smudged watermarks again", "en"), "product_quality"));

        analyzer.AddCorrection(new AnswerCorrection("Smudged watermarks are part of the charm", "en", [], Sentiment.Positive));

        Assert.False(HasTheme(Analyze(analyzer, "So many smudged watermarks this time", "en"), "product_quality"));
    }

    [Fact]
    public void The_embedded_analyzer_takes_corrections_through_the_shared_sink()
    {
        ICorrectionSink sink = new EmbeddedAnalyzer(new NoPii());
        const string text = "Fed up with the smudged watermarks";

        sink.AddCorrection(new AnswerCorrection(text, "en", [new ThemeLabel("product_quality", Sentiment.Negative)], Sentiment.Negative));

        Assert.Contains(Analyze((EmbeddedAnalyzer)sink, text, "en").Themes, t => t.Theme == "product_quality");
    }
}
