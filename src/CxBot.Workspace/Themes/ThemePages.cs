using System.Globalization;
using System.Text;
using CxBot.Responses.Metrics;
using CxBot.Workspace.Pages;

namespace CxBot.Workspace.Themes;

/// <summary>The theme explorer's pages: every theme with its figures, and one theme's answers.</summary>
internal static class ThemePages
{
    public static string Themes(PageContext page, ThemesModel model)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<main id=\"main\"><h1>{page.T("themes.title")}</h1>");
        s.Append(Filters(page, model, "/workspace/themes"));
        s.Append(Search(page, model));
        if (model.Search is not null)
        {
            s.Append(Hits(page, model));
        }

        s.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"by-volume\"><h2 id=\"by-volume\">{page.T("themes.byVolume")}</h2>");
        if (model.Themes.Count == 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"<p>{page.T("themes.none")}</p></section>");
        }
        else
        {
            s.Append(Table(page, model));
            s.Append("</section>");
            var byNet = model.Themes.OrderBy(t => t.NetSentiment ?? 0).ThenBy(t => t.Theme, StringComparer.Ordinal)
                .Select(t => new Bar(t.Name, t.NetSentiment, Format.Signed(MetricKind.Nps, t.NetSentiment))).ToList();
            s.Append(CultureInfo.InvariantCulture, $"""
                <section aria-labelledby="by-net"><h2 id="by-net">{page.T("themes.byNet")}</h2><p class="muted">{page.T("themes.netExplained")}</p>
                <figure>{ThemeCharts.Bars(byNet, -100, 100, page.Texts.Get(page.Language, "themes.byNet"))}</figure></section>
                """);

            // Most harmful first: the themes whose mentions go with the lowest NPS relative to the rest.
            var byImpact = model.Themes.OrderBy(t => t.Impact.Value ?? double.MaxValue).ThenBy(t => t.Theme, StringComparer.Ordinal)
                .Select(t => new Bar(t.Name, t.Impact.Value, Format.Signed(MetricKind.Nps, t.Impact.Value))).ToList();
            s.Append(CultureInfo.InvariantCulture, $"""
                <section aria-labelledby="impact"><h2 id="impact">{page.T("themes.impact")}</h2>
                <p class="muted" data-field="impact-method">{page.T("themes.impactExplained")} (n = {model.NpsResponses.ToString(CultureInfo.InvariantCulture)})</p>
                <figure>{ThemeCharts.Bars(byImpact, -100, 100, page.Texts.Get(page.Language, "themes.impact"))}</figure></section>
                """);
        }

        s.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/workspace/corrections?lang={page.Language}\">{page.T("themes.agreementLink")}</a></p></main>");
        return PageWriter.Layout(page, page.Texts.Get(page.Language, "themes.title"), s.ToString(), signedIn: true);
    }

    /// <param name="description">What the theme covers, in the reader's language; none for a theme the taxonomy no longer has.</param>
    public static string Theme(PageContext page, ThemeModel model, string? description)
    {
        var f = model.Figures;
        var overview = model.Overview;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"""
            <main id="main"><p><a href="/workspace/themes?{Query(overview.Filter, page.Language)}">{page.T("themes.back")}</a></p>
            <h1 data-theme="{Html.Encode(f.Theme)}">{Html.Encode(f.Name)}</h1>{(string.IsNullOrEmpty(description) ? "" : $"<p class=\"muted\" data-field=\"description\">{Html.Encode(description)}</p>")}
            <p class="period" data-from="{overview.From:yyyy-MM-ddTHH:mm:ssZ}" data-to="{overview.To:yyyy-MM-ddTHH:mm:ssZ}">{overview.From:yyyy-MM-dd} – {overview.To.AddDays(-1):yyyy-MM-dd} (UTC)</p>
            <section class="figures" aria-labelledby="figures"><h2 id="figures">{page.T("themes.figures")}</h2><dl class="facts">
            <dt>{page.T("themes.mentions")}</dt><dd data-field="mentions">{f.Mentions.ToString(CultureInfo.InvariantCulture)}</dd>
            <dt>{page.T("themes.net")}</dt><dd data-field="net">{Format.Signed(MetricKind.Nps, f.NetSentiment)}</dd>
            <dt>{page.T("themes.impactShort")}</dt><dd data-field="impact">{Format.Signed(MetricKind.Nps, f.Impact.Value)}</dd>
            <dt>{page.T("themes.npsWith")}</dt><dd>{Format.Value(MetricKind.Nps, f.Impact.B.Value)} (n = {f.Impact.B.N.ToString(CultureInfo.InvariantCulture)})</dd>
            <dt>{page.T("themes.npsWithout")}</dt><dd>{Format.Value(MetricKind.Nps, f.Impact.A.Value)} (n = {f.Impact.A.N.ToString(CultureInfo.InvariantCulture)})</dd>
            </dl><p class="muted">{page.T(f.Impact.Significant ? "themes.impactSignificant" : "themes.impactNotSignificant")}</p>
            <figure>{ThemeCharts.Weekly(f.Weekly, page.Texts.Get(page.Language, "themes.weeklyLabel"), large: true)}<figcaption>{page.T("themes.weeklyLabel")}</figcaption></figure>
            {WeeklyTable(page, f)}</section>
            """);
        s.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"answers\"><h2 id=\"answers\">{page.T("themes.answers")}</h2>");
        if (model.Answers.Count == ThemeQueries.AnswerLimit)
        {
            s.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{page.T("themes.newestOnly")}</p>");
        }

        s.Append("<ul class=\"comments\">");
        foreach (var a in model.Answers)
        {
            s.Append(CultureInfo.InvariantCulture, $"""
                <li class="answer" data-response="{Html.Encode(a.ResponseId)}"><p class="comment">{Highlight.Phrases(a.Text, a.Evidence)}</p>
                <p class="meta">{a.At:yyyy-MM-dd} · {Html.Encode(a.SurveyId)} · {Html.Encode(a.ChannelId)} · {Html.Encode(a.Language)} · {page.T("corrections." + a.Sentiment)}{(a.Verified ? $" · <span class=\"verified\">{page.T("corrections.verified")}</span>" : "")}
                · <a href="{AnswerHref(a.ResponseId, a.QuestionId, page.Language)}">{page.T("themes.openAnswer")}</a></p></li>
                """);
        }

        s.Append("</ul></section></main>");
        return PageWriter.Layout(page, f.Name, s.ToString(), signedIn: true);
    }

    public static string AnswerHref(string responseId, string questionId, string language) =>
        Html.Encode($"/workspace/answers/{Uri.EscapeDataString(responseId)}/{Uri.EscapeDataString(questionId)}?lang={language}");

    /// <summary>The filters as a query string, to carry them from page to page.</summary>
    public static string Query(OverviewFilter filter, string language) => Html.Encode(filter.ToQuery() + "&lang=" + language);

    private static string ThemeHref(PageContext page, ThemesModel model, string theme) =>
        $"/workspace/themes/{Uri.EscapeDataString(theme)}?{System.Net.WebUtility.HtmlDecode(Query(model.Filter, page.Language))}";

    private static string Table(PageContext page, ThemesModel model)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"""
            <div class="scroll"><table class="themes"><thead><tr><th scope="col">{page.T("themes.theme")}</th><th scope="col">{page.T("themes.mentions")}</th>
            <th scope="col">{page.T("corrections.positive")}</th><th scope="col">{page.T("corrections.neutral")}</th><th scope="col">{page.T("corrections.negative")}</th>
            <th scope="col">{page.T("themes.net")}</th><th scope="col">{page.T("themes.impactShort")}</th><th scope="col">{page.T("themes.trend")}</th></tr></thead><tbody>
            """);
        foreach (var t in model.Themes)
        {
            s.Append(CultureInfo.InvariantCulture, $"""
                <tr data-theme="{Html.Encode(t.Theme)}"><th scope="row"><a href="{Html.Encode(ThemeHref(page, model, t.Theme))}">{Html.Encode(t.Name)}</a></th>
                <td data-field="mentions">{t.Mentions}</td><td data-field="positive">{t.Positive}</td><td data-field="neutral">{t.Neutral}</td><td data-field="negative">{t.Negative}</td>
                <td data-field="net">{Format.Signed(MetricKind.Nps, t.NetSentiment)}</td><td data-field="impact">{Format.Signed(MetricKind.Nps, t.Impact.Value)}</td>
                <td>{ThemeCharts.Weekly(t.Weekly, $"{t.Name}: {page.Texts.Get(page.Language, "themes.weeklyLabel")}")}</td></tr>
                """);
        }

        return s.Append("</tbody></table></div>").ToString();
    }

    private static string WeeklyTable(PageContext page, ThemeFigures f)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<details><summary>{page.T("themes.weeklyTable")}</summary><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{page.T("themes.weeklyTable")}\"><table class=\"audit\"><thead><tr><th scope=\"col\">{page.T("themes.week")}</th><th scope=\"col\">{page.T("themes.mentions")}</th><th scope=\"col\">{page.T("corrections.positive")}</th><th scope=\"col\">{page.T("corrections.negative")}</th></tr></thead><tbody>");
        foreach (var w in f.Weekly)
        {
            s.Append(CultureInfo.InvariantCulture, $"<tr><td>{w.Week:yyyy-MM-dd}</td><td>{w.Mentions}</td><td>{w.Positive}</td><td>{w.Negative}</td></tr>");
        }

        return s.Append("</tbody></table></div></details>").ToString();
    }

    private static string Filters(PageContext page, ThemesModel model, string action)
    {
        var f = model.Filter;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<form class=\"filters\" method=\"get\" action=\"{action}\" aria-label=\"{page.T("filters")}\">{page.LangField}");
        s.Append(CultureInfo.InvariantCulture, $"<div><label for=\"days\">{page.T("period")}</label><select id=\"days\" name=\"days\">");
        foreach (var days in OverviewFilter.Periods)
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{days}\"{(days == f.Days ? " selected" : "")}>{page.T($"days{days}")}</option>");
        }

        s.Append("</select></div>");
        s.Append(PageWriter.Select(page, "survey", "survey", model.Choices.Surveys, f.Survey));
        s.Append(PageWriter.Select(page, "channel", "channel", model.Choices.Channels, f.Channel));
        s.Append(PageWriter.Select(page, "language", "language", model.Choices.Languages, f.Language));
        s.Append(PageWriter.Select(page, "touchpoint", "touchpoint", model.Choices.Journeys, f.Touchpoint));
        s.Append(PageWriter.AttributeFields(page, f, model.Choices));
        s.Append(CultureInfo.InvariantCulture, $"<div><button type=\"submit\">{page.T("apply")}</button></div></form>");
        s.Append(PageWriter.RemoveAttribute(page, f, action));
        s.Append(CultureInfo.InvariantCulture, $"<p class=\"period\" data-from=\"{model.From:yyyy-MM-ddTHH:mm:ssZ}\" data-to=\"{model.To:yyyy-MM-ddTHH:mm:ssZ}\">{model.From:yyyy-MM-dd} – {model.To.AddDays(-1):yyyy-MM-dd} (UTC)</p>");
        return s.ToString();
    }

    private static string Search(PageContext page, ThemesModel model)
    {
        var f = model.Filter;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<form class=\"filters search\" method=\"get\" action=\"/workspace/themes\" role=\"search\" aria-label=\"{page.T("themes.search")}\">{page.LangField}");
        s.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"days\" value=\"{f.Days}\">");
        foreach (var (name, value) in new[] { ("survey", f.Survey), ("channel", f.Channel), ("language", f.Language), ("touchpoint", f.Touchpoint), ("attr", f.Attribute), ("value", f.AttributeValue) })
        {
            if (value is not null) s.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{name}\" value=\"{Html.Encode(value)}\">");
        }

        s.Append(CultureInfo.InvariantCulture, $"""
            <div class="grow"><label for="q">{page.T("themes.search")}</label><input id="q" name="q" type="search" maxlength="200" value="{Html.Encode(model.Search)}"></div>
            <div><button type="submit">{page.T("themes.find")}</button></div></form>
            """);
        return s.ToString();
    }

    private static string Hits(PageContext page, ThemesModel model)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"hits\"><h2 id=\"hits\">{page.T("themes.results")} <q>{Html.Encode(model.Search)}</q> <span class=\"muted\">({model.Hits.Count})</span></h2>");
        if (model.Hits.Count == 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"<p>{page.T("themes.noResults")}</p>");
        }

        s.Append("<ul class=\"comments hits\">");
        foreach (var hit in model.Hits)
        {
            s.Append(CultureInfo.InvariantCulture, $"""
                <li><p class="comment">{Highlight.Markers(hit.Marked)}</p><p class="meta">{hit.At:yyyy-MM-dd} · {Html.Encode(hit.Language)}{(hit.Verified ? $" · <span class=\"verified\">{page.T("corrections.verified")}</span>" : "")}
                · <a href="{AnswerHref(hit.ResponseId, hit.QuestionId, page.Language)}">{page.T("themes.openAnswer")}</a></p></li>
                """);
        }

        return s.Append("</ul></section>").ToString();
    }
}
