using System.Net;
using System.Text.RegularExpressions;
using CxBot.Testing;
using CxBot.Workspace.Tests.Cases;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Themes;

/// <summary>Theme names in the reader's language on every page that shows a theme, with ids kept in links, data and form values.</summary>
public sealed partial class ThemeNameTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task A_Russian_themes_page_shows_Russian_names_in_the_table_and_the_charts_and_keeps_the_ids_in_links()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var http = await app.SignedInAsync("vera", ct);

        var html = await http.GetStringAsync("/workspace/themes?days=90&lang=ru", ct);

        Assert.Matches("<tr data-theme=\"delivery\"><th scope=\"row\"><a href=\"/workspace/themes/delivery\\?days=90&amp;lang=ru\">Доставка</a>", html);
        Assert.Matches("<tr data-theme=\"staff_attitude\"><th scope=\"row\"><a href=\"/workspace/themes/staff_attitude\\?[^\"]*\">Отношение персонала</a>", html);
        Assert.Matches("<tr data-theme=\"price_value\"><th scope=\"row\"><a href=\"/workspace/themes/price_value\\?[^\"]*\">Цена и выгода</a>", html);
        var impact = html[html.IndexOf("id=\"impact\"", StringComparison.Ordinal)..];
        Assert.Equal(["Доставка", "Цена и выгода", "Отношение персонала"], ChartNames().Matches(impact).Select(m => m.Groups[1].Value).Take(3));
        Assert.Contains("aria-label=\"Доставка: ", html, StringComparison.Ordinal);
        foreach (var english in new[] { "Delivery", "Staff attitude", "Price and value" })
            Assert.DoesNotContain($">{english}<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_theme_page_in_Romanian_is_titled_with_the_Romanian_name_and_the_json_keeps_ids_and_english_names()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var http = await app.SignedInAsync("vera", ct);

        var html = await http.GetStringAsync("/workspace/themes/delivery?days=90&lang=ro", ct);
        var themes = await ThemeExplorerTests.ThemesAsync(http, ct, "days=90&lang=ro");

        Assert.Contains("<h1 data-theme=\"delivery\">Livrare</h1><p class=\"muted\" data-field=\"description\">Viteza livrării, urmărirea coletului", html, StringComparison.Ordinal);
        Assert.Contains("<title>Livrare", html, StringComparison.Ordinal);
        Assert.Equal("Delivery", themes["delivery"].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_theme_no_longer_in_the_taxonomy_is_shown_by_its_id_in_any_language()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.AnswerAsync(app, "f1", 3, 1, "Nobody answers the fax", [new("fax_line", "negative", "fax")], ct, sentiment: "negative");
        using var http = await app.SignedInAsync("vera", ct);

        var list = await http.GetStringAsync("/workspace/themes?days=90&lang=pl", ct);
        var page = await http.GetStringAsync("/workspace/themes/fax_line?days=90&lang=pl", ct);

        Assert.Matches("<tr data-theme=\"fax_line\"><th scope=\"row\"><a href=\"/workspace/themes/fax_line\\?[^\"]*\">fax_line</a>", list);
        Assert.Contains("<h1 data-theme=\"fax_line\">fax_line</h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-field=\"description\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_answer_page_in_Polish_names_the_tags_in_Polish_and_offers_themes_sorted_by_their_Polish_names_with_ids_as_values()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var analyst = await app.SignedInAsync("ana", ct);

        var html = await analyst.GetStringAsync("/workspace/answers/r1/why?lang=pl", ct);

        Assert.Contains("<li data-theme=\"delivery\" class=\"tag negative\">Dostawa (", html, StringComparison.Ordinal);
        Assert.Contains("<li data-theme=\"staff_attitude\" class=\"tag negative\">Postawa personelu (", html, StringComparison.Ordinal);
        Assert.Matches("<label for=\"t-0\">Dostawa</label><select id=\"t-0\" name=\"theme:delivery\">", html);
        var add = html[html.IndexOf("<select id=\"add\"", StringComparison.Ordinal)..];
        add = add[..add.IndexOf("</select>", StringComparison.Ordinal)];
        var options = Option().Matches(add).Select(m => (Id: m.Groups[1].Value, Name: m.Groups[2].Value)).ToList();
        Assert.Equal(22, options.Count);
        Assert.DoesNotContain(options, o => o.Id is "delivery" or "staff_attitude");
        Assert.Contains(("price_value", "Cena i wartość"), options);
        Assert.Contains(("wait_time", "Czas oczekiwania"), options);
        Assert.Equal(options.Select(o => o.Name).Order(StringComparer.Create(new System.Globalization.CultureInfo("pl"), ignoreCase: true)), options.Select(o => o.Name));
        Assert.All(options, o => Assert.Matches("^[a-z][a-z0-9_]*$", o.Id));
    }

    [Fact]
    public async Task The_case_page_shows_theme_badges_in_the_readers_language_with_the_id_kept_as_data()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await CaseData.SeedAsync(app.Data, "c-names", ct, customer: "crm-9", nps: 2, text: "Kurier się spóźnił", language: "pl");
        await CaseData.Opener(app, CaseData.ShippedOptions()).ScanAsync(ct);
        using var analyst = await app.SignedInAsync("ana", ct);
        var id = await app.CountAsync("select id from cases where response_id = 'c-names'", ct);

        var polish = await analyst.GetStringAsync($"/workspace/cases/{id}?lang=pl", ct);
        var russian = await analyst.GetStringAsync($"/workspace/cases/{id}?lang=ru", ct);
        var english = await analyst.GetStringAsync($"/workspace/cases/{id}", ct);

        Assert.Contains("<span class=\"badge theme negative\" data-theme=\"delivery\">Dostawa</span>", polish, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge theme negative\" data-theme=\"delivery\">Доставка</span>", russian, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge theme negative\" data-theme=\"delivery\">Delivery</span>", english, StringComparison.Ordinal);
    }

    [GeneratedRegex("<text class=\"axis name\"[^>]*>([^<]*)</text>")]
    private static partial Regex ChartNames();

    [GeneratedRegex("<option value=\"([^\"]+)\">([^<]*)</option>")]
    private static partial Regex Option();
}
