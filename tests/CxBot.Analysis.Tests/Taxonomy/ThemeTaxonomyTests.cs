using CxBot.Analysis.Embedded;
using CxBot.Analysis.Taxonomy;
using CxBot.Analysis.Tests.Embedded;

namespace CxBot.Analysis.Tests.Taxonomy;

public sealed class ThemeTaxonomyTests
{
    private static readonly string[] DefaultIds =
    [
        "wait_time", "staff_attitude", "staff_competence", "issue_resolution", "ease_of_use", "digital_experience",
        "product_quality", "price_value", "delivery", "billing_payment", "returns_refunds", "cancellation",
        "communication", "personalization", "automation", "self_service", "onboarding", "availability", "in_person",
        "brand_trust", "loyalty_rewards", "feature_request", "accessibility", "privacy_security",
    ];

    [Fact]
    public void Default_taxonomy_has_the_24_themes_of_the_spec_all_active_with_cues_in_four_languages()
    {
        var taxonomy = ThemeTaxonomy.LoadDefault();

        Assert.Equal(DefaultIds.Order(), taxonomy.Themes.Select(t => t.Id).Order());
        Assert.Equal(24, taxonomy.Active.Count);
        foreach (var id in DefaultIds)
            foreach (var language in ThemeTaxonomy.Languages)
                Assert.NotEmpty(taxonomy.CuePhrases(id, language));
        Assert.Equal("Delivery", taxonomy.Find("delivery")!.Name);
        Assert.Null(taxonomy.Find("no_such_theme"));
    }

    [Fact]
    public async Task An_edited_file_renames_adds_and_retires_themes_and_the_analyzer_follows_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"taxonomy-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
            {
              "themes": [
                { "id": "delivery", "name": "Shipping", "description": "parcels", "cues": { "en": ["parcel*", "courier*"] } },
                { "id": "wait_time", "name": "Waiting", "retired": true, "cues": { "en": ["wait*"] } },
                { "id": "packaging", "name": "Packaging", "description": "boxes and wrapping", "cues": { "en": ["packaging", "bubble wrap"], "pl": ["opakowani*"] } }
              ]
            }
            """, TestContext.Current.CancellationToken);
        try
        {
            var taxonomy = ThemeTaxonomy.Load(path);
            var analyzer = new EmbeddedAnalyzer(new NoPii(), taxonomy);

            var result = analyzer.Analyze(new AnalysisRequest("1", "The packaging was flimsy and I had to wait a week for the parcel", "en"));

            Assert.Equal("Shipping", taxonomy.Find("delivery")!.Name);
            Assert.True(taxonomy.Find("wait_time")!.Retired);
            Assert.Equal(["delivery", "packaging"], result.Themes.Select(t => t.Theme).Order());
            Assert.Contains("packaging", analyzer.Analyze(new AnalysisRequest("2", "Opakowanie było podarte", "pl")).Themes.Select(t => t.Theme));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_theme_that_yields_to_another_is_dropped_when_both_are_named()
    {
        var taxonomy = ThemeTaxonomy.Parse("""
            {
              "themes": [
                { "id": "delivery", "name": "Delivery", "cues": { "en": ["parcel*"] } },
                { "id": "wait_time", "name": "Wait time", "yields_to": ["delivery"], "cues": { "en": ["wait*"] } }
              ]
            }
            """, "inline");
        var analyzer = new EmbeddedAnalyzer(new NoPii(), taxonomy);

        var both = analyzer.Analyze(new AnalysisRequest("1", "Still waiting for my parcel", "en"));
        var alone = analyzer.Analyze(new AnalysisRequest("2", "I had to wait on the phone for ages", "en"));

        Assert.Equal(["delivery"], both.Themes.Select(t => t.Theme));
        Assert.Equal(["wait_time"], alone.Themes.Select(t => t.Theme));
        Assert.Equal(["delivery"], taxonomy.YieldsTo("wait_time"));
    }

    [Fact]
    public void A_weak_cue_counts_only_when_something_is_said_about_it_or_the_answer_is_a_plain_request()
    {
        var taxonomy = ThemeTaxonomy.Parse("""
            {
              "themes": [
                { "id": "digital_experience", "name": "Digital", "cues": { "en": ["?app"] } },
                { "id": "delivery", "name": "Delivery", "cues": { "en": ["courier*"] } }
              ]
            }
            """, "inline");
        var analyzer = new EmbeddedAnalyzer(new NoPii(), taxonomy);

        string[] Themes(string text) => [.. analyzer.Analyze(new AnalysisRequest("t", text, "en")).Themes.Select(t => t.Theme).Order()];

        Assert.Equal(["delivery"], Themes("I ordered in the app. The courier was rude"));
        Assert.Equal(["digital_experience"], Themes("The app is great"));
        Assert.Equal(["digital_experience"], Themes("Where in the app can I change my address?"));
    }

    [Theory]
    [InlineData("{ \"themes\": [ { \"id\": \"x\" ", "not valid JSON")]
    [InlineData("{ \"topics\": [] }", "\"themes\" array")]
    [InlineData("{ \"themes\": [ { \"name\": \"No id\" } ] }", "\"id\" is missing")]
    [InlineData("{ \"themes\": [ { \"id\": \"Bad Id\", \"name\": \"x\" } ] }", "lower-case")]
    [InlineData("{ \"themes\": [ { \"id\": \"a\", \"name\": \"A\" }, { \"id\": \"a\", \"name\": \"B\" } ] }", "used twice")]
    [InlineData("{ \"themes\": [ { \"id\": \"a\", \"name\": \"A\", \"cues\": { \"de\": [\"x\"] } } ] }", "unknown cue language \"de\"")]
    [InlineData("{ \"themes\": [ { \"id\": \"a\", \"name\": \"A\", \"retired\": \"yes\" } ] }", "true or false")]
    [InlineData("{ \"themes\": [ { \"id\": \"a\", \"name\": \"A\", \"yields_to\": [\"b\"] } ] }", "unknown theme \"b\"")]
    public void A_bad_file_is_refused_with_a_message_saying_what_is_wrong(string json, string expected)
    {
        var error = Assert.Throws<TaxonomyException>(() => ThemeTaxonomy.Parse(json, "edited.json"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("edited.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_with_its_path_in_the_message()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<TaxonomyException>(() => ThemeTaxonomy.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
