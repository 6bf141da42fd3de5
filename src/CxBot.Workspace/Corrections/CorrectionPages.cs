using System.Globalization;
using System.Text;
using CxBot.Analysis;
using CxBot.Analysis.Taxonomy;
using CxBot.Responses.Metrics;
using CxBot.Workspace.Charts;
using CxBot.Workspace.Pages;
using CxBot.Workspace.Themes;

namespace CxBot.Workspace.Corrections;

/// <summary>The answer page (labels side by side, the correction form) and the agreement page.</summary>
internal static class CorrectionPages
{
    public static string Answer(PageContext page, AnswerDetail answer, TextAnalysis? now, ThemeTaxonomy taxonomy)
    {
        string Name(string theme) => taxonomy.DisplayName(theme, page.Language);
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"""
            <main id="main"><p><a href="/workspace/themes?lang={page.Language}">{page.T("themes.back")}</a></p><h1>{page.T("corrections.answer")}</h1>
            <section aria-labelledby="words"><h2 id="words">{page.T("corrections.words")}</h2>
            <p class="comment">{Highlight.Phrases(answer.Text, answer.Evidence)}</p>
            <p class="meta">{answer.AnsweredAt:yyyy-MM-dd HH:mm} UTC · {Html.Encode(answer.SurveyId)} · {Html.Encode(answer.ChannelId)} · {Html.Encode(answer.Language)}{(answer.Nps is { } nps ? $" · NPS {nps.ToString(CultureInfo.InvariantCulture)}" : "")}</p>
            """);
        s.Append(answer.Verified is { } v
            ? $"<p class=\"verified\" data-field=\"verified\">{page.T("corrections.verified")}: {Html.Encode(v.By)}, {v.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC</p>"
            : $"<p class=\"muted\" data-field=\"unverified\">{page.T("corrections.notReviewed")}</p>");
        s.Append("</section><div class=\"compare\">");
        s.Append(LabelPanel(page, "stored", $"{page.T("corrections.stored")}{(answer.Analyzer is { } a && a.Analyzer.Length > 0 ? $" <span class=\"muted\">({Html.Encode(a.Analyzer)} {Html.Encode(a.Version)})</span>" : "")}",
            answer.Analyzer?.ToLabels(), Name));
        s.Append(LabelPanel(page, "team", page.T("corrections.team"), answer.Verified?.Labels, Name));
        var nowLabels = now is null ? null : new Labels(
            [.. now.Themes.Select(t => new TagLabel(t.Theme, Label(t.Sentiment)))], Label(now.Sentiment), now.ChurnRisk, now.WantsContact);
        s.Append(LabelPanel(page, "now", $"{page.T("corrections.now")}{(now is null ? "" : $" <span class=\"muted\">({Html.Encode(now.Analyzer)})</span>")}", nowLabels, Name));
        s.Append("</div>");
        s.Append(page.CanWrite ? Form(page, answer, taxonomy, Name) : $"<p class=\"muted\">{page.T("viewerCannotWrite")}</p>");
        s.Append("</main>");
        return PageWriter.Layout(page, page.Texts.Get(page.Language, "corrections.answer"), s.ToString(), signedIn: true);
    }

    public static string Agreement(PageContext page, IReadOnlyList<AgreementRow> rows, IReadOnlyList<CorrectionSummary> recent, DateTimeOffset from, DateTimeOffset to, ThemeTaxonomy taxonomy)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<main id=\"main\"><h1>{page.T("corrections.title")}</h1><p>{page.T("corrections.agreementExplained")}</p><div class=\"metrics\">");
        foreach (var (key, hits) in new (string, Func<AgreementRow, long>)[]
                 {
                     ("corrections.themesAgree", r => r.ThemesExact), ("corrections.sentimentAgree", r => r.SentimentAgreed), ("corrections.churnAgree", r => r.ChurnAgreed),
                 })
        {
            var title = page.Texts.Get(page.Language, key);
            var weekly = rows.Select(r => new MetricRow(r.Week, null, r.Reviewed, Statistics.Proportion(r.Reviewed, hits(r)), null, null)).ToList();
            var total = Statistics.Proportion(rows.Sum(r => r.Reviewed), rows.Sum(hits));
            s.Append(CultureInfo.InvariantCulture, $"""
                <section class="panel" aria-labelledby="h-{key}"><h2 id="h-{key}">{Html.Encode(title)}</h2>
                <p class="now"><span class="value" data-field="{key}">{Format.Value(MetricKind.Csat, total.Value)}{(total.Value is null ? "" : " %")}</span></p>
                <p class="ci">{page.T("interval")}: {Format.Value(MetricKind.Csat, total.Low)} – {Format.Value(MetricKind.Csat, total.High)} · n = {total.N.ToString(CultureInfo.InvariantCulture)}</p>
                <figure>{TrendChart.Render(MetricKind.Csat, weekly, from, to, [], title)}</figure></section>
                """);
        }

        s.Append(CultureInfo.InvariantCulture, $"""
            </div><section aria-labelledby="by-week"><h2 id="by-week">{page.T("corrections.byWeek")}</h2><div class="scroll" tabindex="0" role="region" aria-labelledby="by-week"><table class="audit agreement"><thead><tr>
            <th scope="col">{page.T("themes.week")}</th><th scope="col">{page.T("corrections.reviewed")}</th><th scope="col">{page.T("corrections.themesAgree")}</th>
            <th scope="col">{page.T("corrections.sentimentAgree")}</th><th scope="col">{page.T("corrections.churnAgree")}</th></tr></thead><tbody>
            """);
        foreach (var r in rows)
        {
            s.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.Week:yyyy-MM-dd}</td><td>{r.Reviewed}</td><td>{Percent(r.ThemesExact, r.Reviewed)}</td><td>{Percent(r.SentimentAgreed, r.Reviewed)}</td><td>{Percent(r.ChurnAgreed, r.Reviewed)}</td></tr>");
        }

        s.Append(CultureInfo.InvariantCulture, $"</tbody></table></div></section><section aria-labelledby=\"recent\"><h2 id=\"recent\">{page.T("corrections.recent")}</h2>");
        if (recent.Count == 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"<p>{page.T("corrections.noneYet")}</p>");
        }

        s.Append("<ul class=\"comments\">");
        foreach (var c in recent)
        {
            s.Append(CultureInfo.InvariantCulture, $"""
                <li><p class="comment">{Html.Encode(c.Text)}</p><p class="meta">{c.At.UtcDateTime:yyyy-MM-dd HH:mm} · {Html.Encode(c.By)} · {Html.Encode(string.Join(", ", c.Labels.Themes.Select(t => taxonomy.DisplayName(t.Theme, page.Language))))} · {page.T("corrections." + c.Labels.Sentiment)}
                · {page.T(c.AgreedThemes ? "corrections.agreed" : "corrections.changed")} · <a href="{ThemePages.AnswerHref(c.ResponseId, c.QuestionId, page.Language)}">{page.T("themes.openAnswer")}</a></p></li>
                """);
        }

        s.Append("</ul></section></main>");
        return PageWriter.Layout(page, page.Texts.Get(page.Language, "corrections.title"), s.ToString(), signedIn: true);
    }

    public static string Label(Sentiment sentiment) => sentiment.ToString().ToLowerInvariant();

    private static string Percent(long hits, long n) => n == 0 ? "–" : (100.0 * hits / n).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string LabelPanel(PageContext page, string kind, string title, Labels? labels, Func<string, string> name)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<section class=\"labels\" data-labels=\"{kind}\" aria-labelledby=\"l-{kind}\"><h2 id=\"l-{kind}\">{title}</h2>");
        if (labels is null)
        {
            return s.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{page.T("corrections.noLabels")}</p></section>").ToString();
        }

        s.Append(CultureInfo.InvariantCulture, $"<dl class=\"facts\"><dt>{page.T("corrections.sentiment")}</dt><dd data-field=\"sentiment\">{page.T("corrections." + labels.Sentiment)}</dd>");
        s.Append(CultureInfo.InvariantCulture, $"<dt>{page.T("corrections.themes")}</dt><dd data-field=\"themes\"><ul class=\"tags\">");
        foreach (var t in labels.Themes)
        {
            s.Append(CultureInfo.InvariantCulture, $"<li data-theme=\"{Html.Encode(t.Theme)}\" class=\"tag {Html.Encode(t.Sentiment)}\">{Html.Encode(name(t.Theme))} ({page.T("corrections." + t.Sentiment)})</li>");
        }

        if (labels.Themes.Count == 0) s.Append("<li>–</li>");
        s.Append(CultureInfo.InvariantCulture, $"""
            </ul></dd><dt>{page.T("corrections.churn")}</dt><dd data-field="churn">{page.T(labels.ChurnRisk ? "corrections.yes" : "corrections.no")}</dd>
            <dt>{page.T("corrections.contact")}</dt><dd data-field="contact">{page.T(labels.WantsContact ? "corrections.yes" : "corrections.no")}</dd></dl></section>
            """);
        return s.ToString();
    }

    private static string Form(PageContext page, AnswerDetail answer, ThemeTaxonomy taxonomy, Func<string, string> name)
    {
        var labels = answer.Effective;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"""
            <section aria-labelledby="correct"><h2 id="correct">{page.T("corrections.correct")}</h2>
            <form class="correction" method="post" action="/workspace/answers/{Html.Encode(Uri.EscapeDataString(answer.ResponseId))}/{Html.Encode(Uri.EscapeDataString(answer.QuestionId))}/correct">{page.TokenField}{page.LangField}
            <fieldset><legend>{page.T("corrections.themes")}</legend>
            """);
        var i = 0;
        foreach (var t in labels.Themes)
        {
            s.Append(CultureInfo.InvariantCulture, $"<div><label for=\"t-{i}\">{Html.Encode(name(t.Theme))}</label><select id=\"t-{i}\" name=\"theme:{Html.Encode(t.Theme)}\">");
            foreach (var option in Labels.ThemeSentiments.Append("remove"))
            {
                s.Append(CultureInfo.InvariantCulture, $"<option value=\"{option}\"{(option == t.Sentiment ? " selected" : "")}>{page.T("corrections." + option)}</option>");
            }

            s.Append("</select></div>");
            i++;
        }

        s.Append(CultureInfo.InvariantCulture, $"<div><label for=\"add\">{page.T("corrections.add")}</label><select id=\"add\" name=\"add\"><option value=\"\">–</option>");
        foreach (var theme in taxonomy.ByName(taxonomy.Active.Where(t => labels.Themes.All(l => l.Theme != t.Id)), page.Language))
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{Html.Encode(theme.Id)}\">{Html.Encode(theme.NameIn(page.Language))}</option>");
        }

        s.Append(CultureInfo.InvariantCulture, $"</select></div><div><label for=\"add-sentiment\">{page.T("corrections.addSentiment")}</label><select id=\"add-sentiment\" name=\"addSentiment\">");
        foreach (var option in Labels.ThemeSentiments)
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{option}\"{(option == "negative" ? " selected" : "")}>{page.T("corrections." + option)}</option>");
        }

        s.Append(CultureInfo.InvariantCulture, $"</select></div></fieldset><div class=\"row\"><div><label for=\"sentiment\">{page.T("corrections.sentiment")}</label><select id=\"sentiment\" name=\"sentiment\">");
        foreach (var option in Labels.OverallSentiments)
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{option}\"{(option == labels.Sentiment ? " selected" : "")}>{page.T("corrections." + option)}</option>");
        }

        s.Append(CultureInfo.InvariantCulture, $"""
            </select></div>
            <div class="check"><input type="checkbox" id="churn" name="churn" value="true"{(labels.ChurnRisk ? " checked" : "")}><label for="churn">{page.T("corrections.churn")}</label></div>
            <div class="check"><input type="checkbox" id="contact" name="contact" value="true"{(labels.WantsContact ? " checked" : "")}><label for="contact">{page.T("corrections.contact")}</label></div>
            <div><button type="submit">{page.T("corrections.save")}</button></div></div></form>
            <p class="muted">{page.T("corrections.saveExplained")}</p></section>
            """);
        return s.ToString();
    }
}
