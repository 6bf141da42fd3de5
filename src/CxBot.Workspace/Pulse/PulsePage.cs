using System.Globalization;
using System.Text;
using CxBot.Responses.Metrics;
using CxBot.Workspace.Pages;

namespace CxBot.Workspace.Pulse;

/// <summary>The pulse page: the team's view of each pillar beside the customers' answers, where they disagree and why.</summary>
internal static class PulsePage
{
    public static string Render(PageContext page, PulseModel model)
    {
        string Text(string key) => page.Texts.Get(page.Language, key);
        string Name(string pillar) => Text("pulse.p." + pillar);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<main id=\"main\" class=\"pulse\"><h1>{page.T("pulse.title")}</h1><p>{page.T("pulse.intro")}</p>");

        body.Append(CultureInfo.InvariantCulture, $"<form class=\"filters\" method=\"get\" action=\"/workspace/pulse\" aria-label=\"{page.T("filters")}\">{page.LangField}");
        body.Append(CultureInfo.InvariantCulture, $"<div><label for=\"days\">{page.T("period")}</label><select id=\"days\" name=\"days\">");
        foreach (var days in PulseQueries.Periods)
            body.Append(CultureInfo.InvariantCulture, $"<option value=\"{days}\"{(days == model.Days ? " selected" : "")}>{page.T($"days{days}")}</option>");
        body.Append(CultureInfo.InvariantCulture, $"</select></div><div><button type=\"submit\">{page.T("apply")}</button></div></form>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"period\" data-from=\"{model.From:yyyy-MM-ddTHH:mm:ssZ}\" data-to=\"{model.To:yyyy-MM-ddTHH:mm:ssZ}\">{model.From:yyyy-MM-dd} – {model.To.AddDays(-1):yyyy-MM-dd} (UTC)</p>");

        body.Append("<div class=\"metrics\">");
        body.Append(CultureInfo.InvariantCulture, $"<section class=\"panel\" aria-labelledby=\"h-total\"><h2 id=\"h-total\">{page.T("pulse.total")}</h2>");
        if (model.Total.N == 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"nodata\">{page.T("pulse.noData")}</p>");
        }
        else
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"now\"><span class=\"value\" data-field=\"total\">{Number(model.Total.Value, "0.0")}</span> {page.T("pulse.outOf50")}</p>");
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"ci\">{page.T("interval")}: <span data-field=\"total-low\">{Number(model.Total.Low, "0.0")}</span> – <span data-field=\"total-high\">{Number(model.Total.High, "0.0")}</span> · n = <span data-field=\"total-n\">{model.Total.N}</span></p>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{page.T("pulse.totalNote")}</p></section>");
        body.Append(CultureInfo.InvariantCulture, $"<section class=\"panel\" aria-labelledby=\"h-counts\"><h2 id=\"h-counts\">{page.T("pulse.counts")}</h2>");
        body.Append(CultureInfo.InvariantCulture, $"<p>{page.T("pulse.colleagues")}: <strong data-field=\"colleagues\">{model.Colleagues}</strong></p>");
        body.Append(CultureInfo.InvariantCulture, $"<p>{page.T("pulse.customerAnswers")}: <strong data-field=\"customer-answers\">{model.CustomerAnswers}</strong></p></section></div>");

        body.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"h-disagree\"><h2 id=\"h-disagree\">{page.T("pulse.disagreements")}</h2>");
        var flagged = model.Pillars.Where(p => p.Disagreement != Disagreement.None).ToList();
        if (flagged.Count == 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p data-field=\"no-disagreement\">{page.T("pulse.noDisagreement")}</p>");
        }
        else
        {
            body.Append("<ul class=\"disagreements\">");
            foreach (var p in flagged)
            {
                var detail = string.Format(CultureInfo.InvariantCulture, Text("pulse.detail." + p.Disagreement),
                    Rating(p.Rating.Value), Signed(p.Net), p.MentionRank?.ToString(CultureInfo.InvariantCulture) ?? "–", Number(p.AverageRank, "0.0"));
                body.Append(CultureInfo.InvariantCulture, $"<li data-pillar=\"{p.Pillar}\" data-verdict=\"{p.Disagreement}\"><strong>{Html.Encode(Name(p.Pillar))}</strong> — {Html.Encode(Text("pulse.verdict." + p.Disagreement))}: {Html.Encode(detail)}</li>");
            }

            body.Append("</ul>");
        }

        var r = model.Rules;
        body.Append(CultureInfo.InvariantCulture, $"<details class=\"rules\"><summary>{page.T("pulse.rules")}</summary><ul>");
        foreach (var (key, args) in new (string, object[])[]
        {
            ("pulse.ruleWell", [Rating(r.RatedWell), Signed(r.NegativeNet)]),
            ("pulse.rulePoorly", [Rating(r.RatedPoorly), Signed(r.PositiveNet)]),
            ("pulse.ruleRanked", [r.CustomersTop, Number(r.TeamLowRank, "0.0")]),
            ("pulse.ruleMinimum", [r.MinRatings, r.MinMentions]),
            ("pulse.ruleNet", []),
            ("pulse.rankNote", []),
        })
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{Html.Encode(string.Format(CultureInfo.InvariantCulture, Text(key), args))}</li>");
        }

        body.Append("</ul></details></section>");

        var rows = model.Pillars.Select(p => (Name(p.Pillar), p)).ToList();
        body.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"h-chart\"><h2 id=\"h-chart\">{page.T("pulse.chart")}</h2><figure>");
        body.Append(GapChart.Render(rows, Text("pulse.chartLabel"), Text("pulse.team"), Text("pulse.customers")));
        body.Append(CultureInfo.InvariantCulture, $"<figcaption>{page.T("pulse.chartNote")}</figcaption></figure></section>");

        body.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"h-table\"><h2 id=\"h-table\">{page.T("pulse.table")}</h2><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"h-table\"><table class=\"pulse-table\"><thead><tr>");
        foreach (var key in new[] { "pulse.pillar", "pulse.rating", "interval", "pulse.n", "pulse.avgRank", "pulse.topThree", "pulse.mentionShare", "pulse.net", "pulse.verdict" })
            body.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{page.T(key)}</th>");
        body.Append("</tr></thead><tbody>");
        foreach (var p in model.Pillars)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr data-pillar=\"{p.Pillar}\"{(p.Disagreement != Disagreement.None ? " class=\"disagree\"" : "")}><th scope=\"row\">{Html.Encode(Name(p.Pillar))}</th>");
            body.Append(CultureInfo.InvariantCulture, $"<td data-field=\"rating\">{Rating(p.Rating.Value)}</td>");
            body.Append(CultureInfo.InvariantCulture, $"<td><span data-field=\"low\">{Rating(p.Rating.Low)}</span> – <span data-field=\"high\">{Rating(p.Rating.High)}</span></td>");
            body.Append(CultureInfo.InvariantCulture, $"<td data-field=\"n\">{p.Rating.N}</td>");
            body.Append(CultureInfo.InvariantCulture, $"<td data-field=\"rank\">{Number(p.AverageRank, "0.0")}</td>");
            body.Append(CultureInfo.InvariantCulture, $"<td data-field=\"top3\">{Percent(p.TopThree.Value)}</td>");
            body.Append(CultureInfo.InvariantCulture, $"<td><span data-field=\"share\">{Percent(p.Share.Value)}</span> (<span data-field=\"mentions\">{p.Mentions}</span>)</td>");
            body.Append(CultureInfo.InvariantCulture, $"<td data-field=\"net\">{Signed(p.Net)}</td>");
            body.Append(CultureInfo.InvariantCulture, $"<td data-field=\"verdict\" data-verdict=\"{p.Disagreement}\">{(p.Disagreement == Disagreement.None ? "–" : Html.Encode(Text("pulse.verdict." + p.Disagreement)))}</td></tr>");
        }

        body.Append("</tbody></table></div></section></main>");
        return PageWriter.Layout(page, Text("pulse.title"), body.ToString(), signedIn: true);
    }

    public static string Rating(double? value) => Number(value, "0.00");

    public static string Signed(double? value) => value is not { } v ? "–" : (v > 0 ? "+" : "") + v.ToString("0", CultureInfo.InvariantCulture);

    public static string Percent(double? value) => value is not { } v ? "–" : v.ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Number(double? value, string format) => value is not { } v ? "–" : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The page's numbers as the workspace API returns them (same rounding as the page, plus the raw values).</summary>
    public static object Json(PulseModel model) => new
    {
        from = model.From,
        to = model.To,
        days = model.Days,
        colleagues = model.Colleagues,
        customerAnswers = model.CustomerAnswers,
        total = Estimate(model.Total),
        pillars = model.Pillars.Select(p => new
        {
            pillar = p.Pillar,
            rating = Estimate(p.Rating),
            rankings = p.Rankings,
            averageRank = p.AverageRank,
            topThree = Estimate(p.TopThree),
            share = Estimate(p.Share),
            mentions = p.Mentions,
            net = p.Net,
            mentionRank = p.MentionRank,
            disagreement = p.Disagreement.ToString(),
        }),
    };

    private static object Estimate(Estimate e) => new { n = e.N, value = e.Value, low = e.Low, high = e.High };
}
