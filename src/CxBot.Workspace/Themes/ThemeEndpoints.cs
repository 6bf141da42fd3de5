using CxBot.Analysis.Taxonomy;
using CxBot.Workspace.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

using static CxBot.Workspace.WorkspaceHttp;

namespace CxBot.Workspace.Themes;

/// <summary>The theme explorer: <c>/workspace/themes</c>, one theme's answers, and the JSON twin under <c>/workspace/api/themes</c>.</summary>
internal static class ThemeEndpoints
{
    private const int MaxSearchLength = 200;

    public static RouteGroupBuilder MapCxBotThemes(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/themes", ThemesAsync).RequireAuthorization(Policies.Viewer);
        workspace.MapGet("/themes/{theme}", ThemeAsync).RequireAuthorization(Policies.Viewer);
        workspace.MapGet("/api/themes", ThemesJsonAsync).RequireAuthorization(Policies.Viewer);
        return workspace;
    }

    private static string? Search(HttpContext http) =>
        http.Request.Query["q"].ToString() is { Length: > 0 } q ? q[..Math.Min(q.Length, MaxSearchLength)] : null;

    private static async Task<IResult> ThemesAsync(HttpContext http, string? lang, CancellationToken ct)
    {
        var page = Context(http, lang);
        return await WithStoreAsync(http, page, async services =>
        {
            var model = await services.GetRequiredService<ThemeQueries>().LoadAsync(OverviewFilter.From(http.Request.Query), Search(http), ct);
            return Page(ThemePages.Themes(page, InLanguage(model, services.GetRequiredService<ThemeTaxonomy>(), page.Language)));
        }, ct);
    }

    private static async Task<IResult> ThemeAsync(string theme, HttpContext http, string? lang, CancellationToken ct)
    {
        var page = Context(http, lang);
        return await WithStoreAsync(http, page, async services =>
        {
            var model = await services.GetRequiredService<ThemeQueries>().ThemeAsync(theme, OverviewFilter.From(http.Request.Query), ct);
            var taxonomy = services.GetRequiredService<ThemeTaxonomy>();
            return model is null
                ? Page(PageWriter.Layout(page, page.Texts.Get(page.Language, "themes.title"),
                    $"<main id=\"main\"><h1>{Html.Encode(taxonomy.DisplayName(theme, page.Language))}</h1><p>{page.T("themes.noneForTheme")}</p><p><a href=\"/workspace/themes?lang={page.Language}\">{page.T("themes.back")}</a></p></main>", signedIn: true),
                    StatusCodes.Status404NotFound)
                : Page(ThemePages.Theme(page, InLanguage(model, taxonomy, page.Language), taxonomy.Find(theme)?.DescriptionIn(page.Language)));
        }, ct);
    }

    // Figures carry the English name; a page shows each theme as its reader calls it, while links and data keep the id.
    private static ThemesModel InLanguage(ThemesModel model, ThemeTaxonomy taxonomy, string language) =>
        model with { Themes = [.. model.Themes.Select(t => InLanguage(t, taxonomy, language))] };

    private static ThemeModel InLanguage(ThemeModel model, ThemeTaxonomy taxonomy, string language) =>
        model with { Overview = InLanguage(model.Overview, taxonomy, language), Figures = InLanguage(model.Figures, taxonomy, language) };

    private static ThemeFigures InLanguage(ThemeFigures figures, ThemeTaxonomy taxonomy, string language) =>
        figures with { Name = taxonomy.DisplayName(figures.Theme, language) };

    private static async Task<IResult> ThemesJsonAsync(HttpContext http, CancellationToken ct) =>
        await WithStoreAsync(http, null, async services =>
        {
            var model = await services.GetRequiredService<ThemeQueries>().LoadAsync(OverviewFilter.From(http.Request.Query), Search(http), ct);
            return TypedResults.Ok(new
            {
                from = model.From,
                to = model.To,
                impact = "nps_with_theme_minus_nps_without",
                npsResponses = model.NpsResponses,
                themes = model.Themes.Select(t => new
                {
                    theme = t.Theme,
                    name = t.Name,
                    mentions = t.Mentions,
                    positive = t.Positive,
                    neutral = t.Neutral,
                    negative = t.Negative,
                    netSentiment = t.NetSentiment,
                    impact = new
                    {
                        value = t.Impact.Value,
                        low = t.Impact.Low,
                        high = t.Impact.High,
                        significant = t.Impact.Significant,
                        npsWith = t.Impact.B.Value,
                        nWith = t.Impact.B.N,
                        npsWithout = t.Impact.A.Value,
                        nWithout = t.Impact.A.N,
                    },
                    weekly = t.Weekly.Select(w => new { week = w.Week, mentions = w.Mentions, positive = w.Positive, negative = w.Negative }),
                }),
                search = model.Search,
                hits = model.Hits.Select(h => new
                {
                    responseId = h.ResponseId,
                    questionId = h.QuestionId,
                    text = h.Marked.Replace(Highlight.Start.ToString(), "", StringComparison.Ordinal).Replace(Highlight.Stop.ToString(), "", StringComparison.Ordinal),
                    language = h.Language,
                    at = h.At,
                    verified = h.Verified,
                }),
            });
        }, ct);
}
