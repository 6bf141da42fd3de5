using System.Globalization;
using System.Security.Claims;
using System.Text;
using CxBot.Responses.Metrics;
using CxBot.Workspace.Charts;
using CxBot.Workspace.Database;

namespace CxBot.Workspace.Pages;

/// <summary>What every page needs: the language, its texts, the signed-in user and the form token.</summary>
/// <param name="Path">The page's own path, so the language links keep the reader on it.</param>
internal sealed record PageContext(string Language, WorkspaceTexts Texts, ClaimsPrincipal User, string FormTokenName, string FormToken, string Path = "/workspace")
{
    public string T(string key) => Html.Encode(Texts.Get(Language, key));

    public string Role => User.FindFirstValue(ClaimTypes.Role) ?? "";

    public bool CanWrite => Role is Roles.Analyst or Roles.Admin;

    /// <summary>A hidden field carrying the anti-forgery token, in every form that posts.</summary>
    public string TokenField => $"<input type=\"hidden\" name=\"{Html.Encode(FormTokenName)}\" value=\"{Html.Encode(FormToken)}\">";

    public string LangField => $"<input type=\"hidden\" name=\"lang\" value=\"{Html.Encode(Language)}\">";
}

/// <summary>The workspace's pages as HTML, every value encoded.</summary>
internal static class PageWriter
{
    /// <summary>
    /// The sign-in page. <paramref name="error"/> is the text key of what went wrong ({0} filled with
    /// <paramref name="errorArgument"/>); <paramref name="oidcName"/>, when set, adds the company sign-in button.
    /// </summary>
    public static string SignIn(PageContext page, string? returnUrl, string? error, string? oidcName = null, string? errorArgument = null)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<main id=\"main\" class=\"signin\"><h1>{page.T("title")}</h1>");
        if (error is not null)
        {
            var text = string.Format(CultureInfo.InvariantCulture, page.Texts.Get(page.Language, error), errorArgument);
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" role=\"alert\">{Html.Encode(text)}</p>");
        }

        if (oidcName is not null)
        {
            var label = string.Format(CultureInfo.InvariantCulture, page.Texts.Get(page.Language, "signInWith"), oidcName);
            var query = $"lang={Uri.EscapeDataString(page.Language)}" + (string.IsNullOrEmpty(returnUrl) ? "" : $"&returnUrl={Uri.EscapeDataString(returnUrl)}");
            body.Append(CultureInfo.InvariantCulture, $"<p><a class=\"button oidc\" href=\"/workspace/signin/oidc?{Html.Encode(query)}\">{Html.Encode(label)}</a></p><p class=\"muted\">{page.T("orPassword")}</p>");
        }

        body.Append(CultureInfo.InvariantCulture, $"""
            <form method="post" action="/workspace/signin">{page.TokenField}{page.LangField}
            <input type="hidden" name="returnUrl" value="{Html.Encode(returnUrl)}">
            <label for="name">{page.T("name")}</label><input id="name" name="name" autocomplete="username" required>
            <label for="password">{page.T("password")}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">{page.T("signIn")}</button></form>
            {Languages(page, "/workspace/signin")}</main>
            """);
        return Layout(page, page.Texts.Get(page.Language, "signIn"), body.ToString(), signedIn: false);
    }

    public static string Overview(PageContext page, OverviewModel model)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<main id=\"main\"><h1>{page.T("overview")}</h1>");
        body.Append(Filters(page, model));
        body.Append("<div class=\"metrics\">");
        foreach (var panel in model.Metrics)
        {
            body.Append(Panel(page, panel, model));
        }

        body.Append("</div>");
        body.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"comments\"><h2 id=\"comments\">{page.T("comments")}</h2>");
        if (model.Comments.Count == 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>{page.T("noComments")}</p>");
        }
        else
        {
            body.Append("<ul class=\"comments\">");
            foreach (var comment in model.Comments)
            {
                var score = comment.Nps?.ToString(CultureInfo.InvariantCulture) ?? comment.Csat?.ToString(CultureInfo.InvariantCulture) ?? comment.Ces?.ToString(CultureInfo.InvariantCulture);
                body.Append(CultureInfo.InvariantCulture, $"<li><p class=\"comment\">{Html.Encode(comment.Text)}</p><p class=\"meta\">{comment.StartedAt:yyyy-MM-dd} · {Html.Encode(comment.SurveyId)} · {Html.Encode(comment.ChannelId)} · {Html.Encode(comment.Language)}{(score is null ? "" : " · " + Html.Encode(score))}</p></li>");
            }

            body.Append("</ul>");
        }

        body.Append("</section>");
        body.Append(Notes(page, model));
        body.Append("</main>");
        return Layout(page, page.Texts.Get(page.Language, "overview"), body.ToString(), signedIn: true);
    }

    public static string Audit(PageContext page, IReadOnlyList<AuditEntry> entries)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<main id=\"main\"><h1 id=\"h-audit\">{page.T("audit")}</h1><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"h-audit\"><table class=\"audit\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">UTC</th><th scope=\"col\">{page.T("name")}</th><th scope=\"col\">{page.T("role")}</th><th scope=\"col\">action</th><th scope=\"col\">entity</th><th scope=\"col\">before</th><th scope=\"col\">after</th></tr></thead><tbody>");
        foreach (var e in entries)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.Id}</td><td>{e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td>{Html.Encode(e.User)}</td><td>{Html.Encode(e.Role)}</td><td>{Html.Encode(e.Action)}</td><td>{Html.Encode(e.Entity)}</td><td><code>{Html.Encode(e.Before)}</code></td><td><code>{Html.Encode(e.After)}</code></td></tr>");
        }

        body.Append("</tbody></table></div></main>");
        return Layout(page, page.Texts.Get(page.Language, "audit"), body.ToString(), signedIn: true);
    }

    private static string Panel(PageContext page, MetricPanel panel, OverviewModel model)
    {
        var name = panel.Kind.ToString().ToLowerInvariant();
        var title = page.Texts.Get(page.Language, name);
        var now = panel.Now;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<section class=\"panel\" aria-labelledby=\"h-{name}\" data-metric=\"{name}\"><h2 id=\"h-{name}\">{Html.Encode(title)}</h2>");
        if (now is null || now.N == 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"<p class=\"nodata\">{page.T("noData")}</p>");
        }
        else
        {
            s.Append(CultureInfo.InvariantCulture, $"""
                <p class="now"><span class="label">{page.T("now")}</span> <span class="value" data-field="value">{Format.Value(panel.Kind, now.Score.Value)}</span></p>
                <p class="ci">{page.T("interval")}: <span data-field="low">{Format.Value(panel.Kind, now.Score.Low)}</span> – <span data-field="high">{Format.Value(panel.Kind, now.Score.High)}</span> · <span data-field="n">{now.N.ToString(CultureInfo.InvariantCulture)}</span> {page.T("responses")}</p>
                """);
        }

        if (panel.Change is { Value: not null } change)
        {
            s.Append(CultureInfo.InvariantCulture, $"<p class=\"change\">{page.T("change")}: <span data-field=\"change\">{Format.Signed(panel.Kind, change.Value)}</span> ({page.T("previousPeriod")}: {Format.Value(panel.Kind, change.A.Value)}, n = {change.A.N.ToString(CultureInfo.InvariantCulture)})</p>");
            s.Append(change.Significant
                ? $"<p class=\"significance\" data-field=\"significant\">{page.T("significant")}</p>"
                : $"<p class=\"significance muted\" data-field=\"not-significant\">{page.T("notSignificant")}</p>");
        }

        var label = string.Format(CultureInfo.InvariantCulture, page.Texts.Get(page.Language, "chartLabel"), title);
        s.Append(CultureInfo.InvariantCulture, $"<figure><figcaption>{Html.Encode(title)} {page.T("overTime")}</figcaption>");
        s.Append(TrendChart.Render(panel.Kind, panel.Weekly, model.From, model.To, model.Notes, label));
        s.Append(CultureInfo.InvariantCulture, $"<div class=\"visually-hidden\"><table><caption>{Html.Encode(label)}</caption><thead><tr><th scope=\"col\">{page.T("day")}</th><th scope=\"col\">{Html.Encode(title)}</th><th scope=\"col\">{page.T("interval")}</th><th scope=\"col\">n</th></tr></thead><tbody>");
        foreach (var row in panel.Weekly.Where(r => r.Bucket is not null).OrderBy(r => r.Bucket))
        {
            s.Append(CultureInfo.InvariantCulture, $"<tr><td>{row.Bucket:yyyy-MM-dd}</td><td>{Format.Value(panel.Kind, row.Score.Value)}</td><td>{Format.Value(panel.Kind, row.Score.Low)} – {Format.Value(panel.Kind, row.Score.High)}</td><td>{row.N.ToString(CultureInfo.InvariantCulture)}</td></tr>");
        }

        s.Append("</tbody></table></div></figure></section>");
        return s.ToString();
    }

    private static string Filters(PageContext page, OverviewModel model)
    {
        var f = model.Filter;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<form class=\"filters\" method=\"get\" action=\"/workspace\" aria-label=\"{page.T("filters")}\">{page.LangField}");
        s.Append(CultureInfo.InvariantCulture, $"<div><label for=\"days\">{page.T("period")}</label><select id=\"days\" name=\"days\">");
        foreach (var days in OverviewFilter.Periods)
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{days}\"{(days == f.Days ? " selected" : "")}>{page.T($"days{days}")}</option>");
        }

        s.Append("</select></div>");
        s.Append(Select(page, "survey", "survey", model.Choices.Surveys, f.Survey));
        s.Append(Select(page, "channel", "channel", model.Choices.Channels, f.Channel));
        s.Append(Select(page, "language", "language", model.Choices.Languages, f.Language));
        s.Append(Select(page, "touchpoint", "touchpoint", model.Choices.Journeys, f.Touchpoint));
        s.Append(AttributeFields(page, f, model.Choices));
        s.Append(CultureInfo.InvariantCulture, $"<div><button type=\"submit\">{page.T("apply")}</button></div></form>");
        s.Append(RemoveAttribute(page, f, "/workspace"));
        s.Append(CultureInfo.InvariantCulture, $"<p class=\"period\" data-from=\"{model.From:yyyy-MM-ddTHH:mm:ssZ}\" data-to=\"{model.To:yyyy-MM-ddTHH:mm:ssZ}\">{model.From:yyyy-MM-dd} – {model.To.AddDays(-1):yyyy-MM-dd} (UTC)</p>");
        var exportQuery = Html.Encode(Exports.ExportEndpoints.Query(f));
        s.Append(CultureInfo.InvariantCulture, $"<p class=\"exports\"><a class=\"export\" data-export=\"responses\" href=\"/workspace/export/responses.csv?{exportQuery}\" download>{page.T("exportResponses")}</a> <a class=\"export\" data-export=\"metrics\" href=\"/workspace/export/metrics.csv?{exportQuery}\" download>{page.T("exportMetrics")}</a></p>");
        return s.ToString();
    }

    /// <summary>
    /// The attribute filter's fields: a name the data holds, and a value typed or picked from the name's most common
    /// values (the list fills in once a name has been applied: the pages run no script).
    /// </summary>
    public static string AttributeFields(PageContext page, OverviewFilter filter, FilterChoices choices)
    {
        var s = new StringBuilder(Select(page, "attr", "attribute", choices.Attributes, filter.Attribute));
        s.Append(CultureInfo.InvariantCulture, $"<div><label for=\"f-value\">{page.T("attributeValue")}</label><input id=\"f-value\" name=\"value\" maxlength=\"{OverviewFilter.MaxValueLength}\" list=\"f-values\" autocomplete=\"off\" value=\"{Html.Encode(filter.AttributeValue)}\"><datalist id=\"f-values\">");
        foreach (var value in choices.AttributeValues)
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{Html.Encode(value)}\"></option>");
        }

        return s.Append("</datalist></div>").ToString();
    }

    /// <summary>Which attribute filter applies, with a link to the same page without it; empty when none applies.</summary>
    public static string RemoveAttribute(PageContext page, OverviewFilter filter, string path)
    {
        if (!filter.HasAttribute) return "";
        var href = Html.Encode($"{path}?{filter.WithoutAttribute().ToQuery()}&lang={page.Language}");
        return $"<p class=\"attribute-filter\" data-field=\"attribute-filter\">{page.T("attribute")}: <strong>{Html.Encode(filter.Attribute)}</strong> = <strong>{Html.Encode(filter.AttributeValue)}</strong> · <a class=\"remove-filter\" href=\"{href}\">{page.T("removeAttribute")}</a></p>";
    }

    public static string Select(PageContext page, string name, string textKey, IReadOnlyList<string> values, string? selected)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<div><label for=\"f-{name}\">{page.T(textKey)}</label><select id=\"f-{name}\" name=\"{name}\"><option value=\"\">{page.T("all")}</option>");
        foreach (var value in values)
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{Html.Encode(value)}\"{(value == selected ? " selected" : "")}>{Html.Encode(value)}</option>");
        }

        s.Append("</select></div>");
        return s.ToString();
    }

    private static string Notes(PageContext page, OverviewModel model)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"notes\"><h2 id=\"notes\">{page.T("notes")}</h2><ul class=\"notes\">");
        foreach (var note in model.Notes)
        {
            s.Append(CultureInfo.InvariantCulture, $"<li><span>{note.Day:yyyy-MM-dd}</span> <span class=\"note-text\">{Html.Encode(note.Text)}</span> <span class=\"meta\">{Html.Encode(note.Author)}</span>");
            if (page.CanWrite)
            {
                s.Append(CultureInfo.InvariantCulture, $"<form class=\"inline\" method=\"post\" action=\"/workspace/notes/{note.Id}/delete\">{page.TokenField}{page.LangField}<button type=\"submit\" class=\"secondary\">{page.T("delete")}</button></form>");
            }

            s.Append("</li>");
        }

        s.Append("</ul>");
        if (page.CanWrite)
        {
            s.Append(CultureInfo.InvariantCulture, $"""
                <form class="note-form" method="post" action="/workspace/notes">{page.TokenField}{page.LangField}
                <div><label for="note-day">{page.T("day")}</label><input id="note-day" name="day" type="date" required value="{model.To.AddDays(-1):yyyy-MM-dd}"></div>
                <div class="grow"><label for="note-text">{page.T("note")}</label><input id="note-text" name="text" maxlength="200" required></div>
                <div><button type="submit">{page.T("addNote")}</button></div></form>
                """);
        }
        else
        {
            s.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{page.T("viewerCannotWrite")}</p>");
        }

        s.Append("</section>");
        return s.ToString();
    }

    public static string Languages(PageContext page, string path)
    {
        var s = new StringBuilder("<nav class=\"languages\" aria-label=\"Language\"><ul>");
        foreach (var language in WorkspaceTexts.Languages)
        {
            s.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Html.Encode(path)}?lang={language}\" lang=\"{language}\"{(language == page.Language ? " aria-current=\"true\"" : "")}>{language.ToUpperInvariant()}</a></li>");
        }

        return s.Append("</ul></nav>").ToString();
    }

    /// <summary>The page around <paramref name="main"/>: header, navigation, languages, sign-out.</summary>
    public static string Layout(PageContext page, string title, string main, bool signedIn)
    {
        var header = new StringBuilder();
        header.Append(CultureInfo.InvariantCulture, $"<header class=\"top\"><a class=\"brand\" href=\"/workspace?lang={page.Language}\">{page.T("title")}</a>");
        if (signedIn)
        {
            header.Append(CultureInfo.InvariantCulture, $"<nav aria-label=\"{page.T("title")}\"><ul><li><a href=\"/workspace?lang={page.Language}\">{page.T("overview")}</a></li>");
            header.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/workspace/themes?lang={page.Language}\">{page.T("themes.nav")}</a></li><li><a href=\"/workspace/corrections?lang={page.Language}\">{page.T("corrections.nav")}</a></li>");
            header.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/workspace/cases?lang={page.Language}\">{page.T("case.nav")}</a></li>");
            header.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/workspace/pulse?lang={page.Language}\">{page.T("pulse.nav")}</a></li>");
            if (page.Role == Roles.Admin)
            {
                header.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/workspace/audit?lang={page.Language}\">{page.T("audit")}</a></li>");
                header.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/workspace/alerts?lang={page.Language}\">{page.T("alerts")}</a></li>");
                header.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/workspace/users?lang={page.Language}\">{page.T("users")}</a></li>");
            }

            header.Append("</ul></nav>");
            header.Append(Languages(page, page.Path));
            header.Append(CultureInfo.InvariantCulture, $"<p class=\"who\">{page.T("signedInAs")} <strong>{Html.Encode(page.User.Identity?.Name)}</strong> ({Html.Encode(page.Role)})</p>");
            header.Append(CultureInfo.InvariantCulture, $"<form class=\"inline\" method=\"post\" action=\"/workspace/signout\">{page.TokenField}<button type=\"submit\" class=\"secondary\">{page.T("signOut")}</button></form>");
        }

        header.Append("</header>");
        return $"""
            <!doctype html>
            <html lang="{Html.Encode(page.Language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Html.Encode(title)} · {page.T("title")}</title><link rel="stylesheet" href="/workspace/assets/workspace.css"><link rel="icon" href="/workspace/assets/icon.svg" type="image/svg+xml"></head>
            <body><a class="skip" href="#main">{page.T("skip")}</a>{header}{main}</body></html>
            """;
    }
}
