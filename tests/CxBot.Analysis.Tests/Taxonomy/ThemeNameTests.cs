using CxBot.Analysis.Taxonomy;

namespace CxBot.Analysis.Tests.Taxonomy;

public sealed class ThemeNameTests
{
    [Fact]
    public void Every_default_theme_has_its_own_name_in_each_of_the_four_languages()
    {
        var taxonomy = ThemeTaxonomy.LoadDefault();

        foreach (var language in ThemeTaxonomy.Languages.Where(l => l != "en"))
        {
            foreach (var theme in taxonomy.Themes)
            {
                Assert.True(theme.Names.TryGetValue(language, out var name), $"{theme.Id} has no {language} name");
                Assert.False(string.IsNullOrWhiteSpace(name));
            }

            // Two themes with one name would be indistinguishable in a chart or a menu.
            var names = taxonomy.Themes.Select(t => t.NameIn(language)).ToList();
            Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }
    }

    [Fact]
    public void Every_default_theme_says_what_it_covers_in_each_of_the_four_languages()
    {
        var taxonomy = ThemeTaxonomy.LoadDefault();

        foreach (var theme in taxonomy.Themes)
        {
            Assert.False(string.IsNullOrWhiteSpace(theme.Description), theme.Id);
            foreach (var language in ThemeTaxonomy.Languages.Where(l => l != "en"))
            {
                Assert.True(theme.Descriptions.TryGetValue(language, out var description), $"{theme.Id} has no {language} description");
                Assert.NotEqual(theme.Description, description);
            }
        }

        Assert.StartsWith("Скорость доставки", taxonomy.Find("delivery")!.DescriptionIn("ru"), StringComparison.Ordinal);
        Assert.Equal(taxonomy.Find("delivery")!.Description, taxonomy.Find("delivery")!.DescriptionIn("en"));
    }

    [Fact]
    public void A_custom_file_without_names_or_descriptions_loads_and_reads_in_english_in_every_language()
    {
        var taxonomy = ThemeTaxonomy.Parse("""{ "themes": [ { "id": "packaging", "name": "Packaging", "description": "Boxes and wrapping." } ] }""", "custom.json");

        foreach (var language in ThemeTaxonomy.Languages)
        {
            Assert.Equal("Packaging", taxonomy.DisplayName("packaging", language));
            Assert.Equal("Boxes and wrapping.", taxonomy.Find("packaging")!.DescriptionIn(language));
        }
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("pl")]
    [InlineData("ro")]
    public void Names_in_other_languages_are_not_the_english_ones_left_in_place(string language)
    {
        var taxonomy = ThemeTaxonomy.LoadDefault();

        var untranslated = taxonomy.Themes.Where(t => t.NameIn(language) == t.Name).Select(t => t.Id).ToList();

        // Words the languages share ("Personalizacja" is not "Personalization", but a language may borrow one).
        Assert.True(untranslated.Count <= 1, $"{language}: {string.Join(", ", untranslated)} keep the English name");
    }

    [Fact]
    public void Russian_names_are_written_in_cyrillic_and_polish_and_romanian_ones_use_their_own_letters()
    {
        var taxonomy = ThemeTaxonomy.LoadDefault();

        Assert.All(taxonomy.Themes, t => Assert.Contains(t.NameIn("ru"), c => c is >= 'а' and <= 'я' or >= 'А' and <= 'Я'));
        Assert.Equal("Dostawa", taxonomy.DisplayName("delivery", "pl"));
        Assert.Equal("Доставка", taxonomy.DisplayName("delivery", "ru"));
        Assert.Equal("Livrare", taxonomy.DisplayName("delivery", "ro"));
        Assert.Equal("Czas oczekiwania", taxonomy.DisplayName("wait_time", "pl"));
        Assert.Equal("Timp de așteptare", taxonomy.DisplayName("wait_time", "ro"));
    }

    [Fact]
    public void A_theme_without_a_name_in_the_language_shows_its_english_name_and_an_unknown_id_shows_the_id()
    {
        var taxonomy = ThemeTaxonomy.Parse("""
            { "themes": [
                { "id": "delivery", "name": "Delivery", "names": { "ru": "Доставка" } },
                { "id": "packaging", "name": "Packaging" }
            ] }
            """, "test");

        Assert.Equal("Доставка", taxonomy.DisplayName("delivery", "ru"));
        Assert.Equal("Delivery", taxonomy.DisplayName("delivery", "pl"));
        Assert.Equal("Delivery", taxonomy.DisplayName("delivery", "en"));
        Assert.Equal("Packaging", taxonomy.DisplayName("packaging", "ro"));
        Assert.Equal("Delivery", taxonomy.DisplayName("delivery", "de"));
        Assert.Equal("old_theme", taxonomy.DisplayName("old_theme", "ru"));
    }

    [Fact]
    public void A_retired_theme_keeps_its_names_so_old_tags_still_read_in_the_readers_language()
    {
        var taxonomy = ThemeTaxonomy.Parse("""
            { "themes": [
                { "id": "delivery", "name": "Delivery" },
                { "id": "fax", "name": "Fax", "names": { "pl": "Faks" }, "retired": true }
            ] }
            """, "test");

        Assert.DoesNotContain(taxonomy.Active, t => t.Id == "fax");
        Assert.Equal("Faks", taxonomy.DisplayName("fax", "pl"));
    }

    [Theory]
    [InlineData("""{ "themes": [ { "id": "a", "name": "A", "names": ["A"] } ] }""", "\"names\" must map a language")]
    [InlineData("""{ "themes": [ { "id": "a", "name": "A", "names": { "de": "A" } } ] }""", "unknown language \"de\" in \"names\"")]
    [InlineData("""{ "themes": [ { "id": "a", "name": "A", "names": { "ru": " " } } ] }""", "\"names\" for \"ru\" must be a non-empty string")]
    [InlineData("""{ "themes": [ { "id": "a", "name": "A", "names": { "pl": 3 } } ] }""", "\"names\" for \"pl\" must be a non-empty string")]
    [InlineData("""{ "themes": [ { "id": "a", "name": "A", "descriptions": "A" } ] }""", "\"descriptions\" must map a language")]
    [InlineData("""{ "themes": [ { "id": "a", "name": "A", "descriptions": { "ro": "" } } ] }""", "\"descriptions\" for \"ro\" must be a non-empty string")]
    public void A_malformed_names_map_is_refused_with_a_message_naming_the_theme(string json, string expected)
    {
        var e = Assert.Throws<TaxonomyException>(() => ThemeTaxonomy.Parse(json, "custom.json"));

        Assert.Contains("theme \"a\"", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Themes_are_ordered_by_their_names_in_the_readers_language()
    {
        var taxonomy = ThemeTaxonomy.Parse("""
            { "themes": [
                { "id": "delivery", "name": "Delivery", "names": { "ru": "Доставка", "pl": "Dostawa" } },
                { "id": "price_value", "name": "Price and value", "names": { "ru": "Цена и выгода", "pl": "Cena i wartość" } },
                { "id": "automation", "name": "Automation", "names": { "ru": "Чат-боты", "pl": "Łączenie z konsultantem" } },
                { "id": "billing", "name": "Billing", "names": { "ru": "Счета", "pl": "Zwroty" } }
            ] }
            """, "test");

        Assert.Equal(["automation", "billing", "delivery", "price_value"], taxonomy.ByName(taxonomy.Themes, "en").Select(t => t.Id));
        Assert.Equal(["delivery", "billing", "price_value", "automation"], taxonomy.ByName(taxonomy.Themes, "ru").Select(t => t.Id));
        // Polish order puts Ł right after L, before Z; an ordinal sort would put it after Z.
        Assert.Equal(["price_value", "delivery", "automation", "billing"], taxonomy.ByName(taxonomy.Themes, "pl").Select(t => t.Id));
    }
}
