using System.Globalization;
using System.Text;
using CxBot.Analysis.Taxonomy;
using CxBot.Workspace.Pages;

namespace CxBot.Workspace.Cases;

/// <summary>What the inbox shows: the filtered cases, the filter choices, and the outcomes so far.</summary>
internal sealed record InboxModel(CaseFilter Filter, IReadOnlyList<CaseRow> Cases, IReadOnlyList<string> Reasons, IReadOnlyList<string> Owners, CaseStats Stats, DateTimeOffset Now);

/// <summary>The inbox and the case page as HTML, every value encoded.</summary>
internal static class CasePages
{
    public static string Inbox(PageContext page, InboxModel model)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<main id=\"main\" class=\"cases\"><h1>{page.T("case.inbox")}</h1>");
        s.Append(Stats(page, model.Stats));
        s.Append(Filters(page, model));
        if (model.Cases.Count == 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{page.T("case.none")}</p>");
        }
        else
        {
            s.Append(CultureInfo.InvariantCulture, $"""
                <div class="scroll"><table class="case-list"><caption class="visually-hidden">{page.T("case.inbox")}</caption>
                <thead><tr><th scope="col">#</th><th scope="col">{page.T("case.reasons")}</th><th scope="col">{page.T("case.statusLabel")}</th><th scope="col">{page.T("case.owner")}</th><th scope="col">{page.T("case.due")}</th><th scope="col">{page.T("case.scores")}</th><th scope="col">{page.T("channel")}</th></tr></thead><tbody>
                """);
            foreach (var c in model.Cases)
            {
                var overdue = c.IsOverdue(model.Now);
                s.Append(CultureInfo.InvariantCulture, $"<tr class=\"{(overdue ? "overdue" : "")}{(c.Urgent ? " urgent" : "")}\" data-case=\"{c.Id}\">");
                s.Append(CultureInfo.InvariantCulture, $"<td><a href=\"/workspace/cases/{c.Id}?lang={page.Language}\">{page.T("case.caseWord")} {c.Id}</a></td>");
                s.Append(CultureInfo.InvariantCulture, $"<td>{(c.Urgent ? $"<span class=\"badge urgent\">{page.T("case.urgent")}</span> " : "")}{Reasons(page, c.Reasons)}</td>");
                s.Append(CultureInfo.InvariantCulture, $"<td>{Status(page, c.Status)}{(c.Outcome is { } o ? $" · {Outcome(page, o)}" : "")}</td>");
                s.Append(CultureInfo.InvariantCulture, $"<td>{(c.Owner is null ? page.T("case.unassigned") : Html.Encode(c.Owner))}</td>");
                s.Append(CultureInfo.InvariantCulture, $"<td>{When(c.DueAt)}{(overdue ? $" <span class=\"badge overdue\">{page.T("case.overdue")}</span>" : "")}</td>");
                s.Append(CultureInfo.InvariantCulture, $"<td>{Html.Encode(c.Scores)}</td><td>{Html.Encode(c.ChannelId)}</td></tr>");
            }

            s.Append("</tbody></table></div>");
        }

        s.Append("</main>");
        return PageWriter.Layout(page, page.Texts.Get(page.Language, "case.inbox"), s.ToString(), signedIn: true);
    }

    public static string Case(PageContext page, CaseDetail detail, IReadOnlyList<string> owners, string? error, DateTimeOffset now, ThemeTaxonomy taxonomy)
    {
        var c = detail.Case;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<main id=\"main\" class=\"case\" data-case=\"{c.Id}\" data-status=\"{Html.Encode(c.Status)}\">");
        s.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/workspace/cases?lang={page.Language}\">{page.T("case.back")}</a></p>");
        s.Append(CultureInfo.InvariantCulture, $"<h1>{page.T("case.caseWord")} {c.Id}{(c.Urgent ? $" <span class=\"badge urgent\">{page.T("case.urgent")}</span>" : "")}</h1>");
        if (error is not null && MessageRefusals.All.Contains(error))
        {
            s.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" role=\"alert\">{page.T($"case.refusal.{error}")}</p>");
        }

        var overdue = c.IsOverdue(now);
        s.Append("<dl class=\"case-facts\">");
        Fact(s, page.T("case.statusLabel"), $"<span data-field=\"status\">{Status(page, c.Status)}</span>");
        Fact(s, page.T("case.owner"), $"<span data-field=\"owner\">{(c.Owner is null ? page.T("case.unassigned") : Html.Encode(c.Owner))}</span>");
        Fact(s, page.T("case.due"), When(c.DueAt) + (overdue ? $" <span class=\"badge overdue\">{page.T("case.overdue")}</span>" : ""));
        Fact(s, page.T("case.reasons"), Reasons(page, c.Reasons));
        Fact(s, page.T("channel"), Html.Encode(c.ChannelId));
        Fact(s, page.T("language"), Html.Encode(c.Language));
        Fact(s, page.T("case.customer"), c.CustomerId is null ? page.T("case.anonymous") : Html.Encode(c.CustomerId));
        Fact(s, page.T("case.opened"), When(c.OpenedAt));
        if (c.FirstContactAt is { } contact) Fact(s, page.T("case.firstContact"), When(contact));
        if (c.Outcome is { } outcome) Fact(s, page.T("case.outcomeLabel"), $"<span data-field=\"outcome\">{Outcome(page, outcome)}</span>");
        s.Append("</dl>");

        s.Append(Response(page, detail, taxonomy));
        if (page.CanWrite)
        {
            s.Append(Work(page, c, owners));
        }
        else
        {
            s.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{page.T("viewerCannotWrite")}</p>");
        }

        s.Append(Timeline(page, detail.Events));
        s.Append("</main>");
        return PageWriter.Layout(page, $"{page.Texts.Get(page.Language, "case.caseWord")} {c.Id}", s.ToString(), signedIn: true);
    }

    private static string Stats(PageContext page, CaseStats stats)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"case-outcomes\" class=\"case-stats\"><h2 id=\"case-outcomes\">{page.T("case.outcomes")}</h2><dl>");
        Fact(s, page.T("case.active"), $"<span data-field=\"active\">{stats.Active.ToString(CultureInfo.InvariantCulture)}</span>");
        Fact(s, page.T("case.overdueCount"), $"<span data-field=\"overdue\">{stats.Overdue.ToString(CultureInfo.InvariantCulture)}</span>");
        Fact(s, page.T("case.medianFirstContact"), $"<span data-field=\"median-first-contact\">{Hours(page, stats.MedianHoursToFirstContact)}</span>");
        Fact(s, page.T("case.medianResolution"), $"<span data-field=\"median-resolution\">{Hours(page, stats.MedianHoursToResolution)}</span>");
        foreach (var outcome in CaseOutcome.All)
        {
            Fact(s, Outcome(page, outcome), $"<span data-outcome=\"{outcome}\">{stats.Outcomes.GetValueOrDefault(outcome).ToString(CultureInfo.InvariantCulture)}</span>");
        }

        s.Append("</dl></section>");
        return s.ToString();
    }

    private static string Filters(PageContext page, InboxModel model)
    {
        var f = model.Filter;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<form class=\"filters\" method=\"get\" action=\"/workspace/cases\" aria-label=\"{page.T("filters")}\">{page.LangField}");
        s.Append(CultureInfo.InvariantCulture, $"<div><label for=\"f-status\">{page.T("case.statusLabel")}</label><select id=\"f-status\" name=\"status\">");
        foreach (var status in (string[])[CaseFilter.Active, CaseFilter.Any, .. CaseStatus.All])
        {
            var label = status switch { CaseFilter.Active => page.T("case.activeFilter"), CaseFilter.Any => page.T("all"), _ => Status(page, status) };
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{status}\"{(status == f.Status ? " selected" : "")}>{label}</option>");
        }

        s.Append("</select></div>");
        s.Append(CultureInfo.InvariantCulture, $"<div><label for=\"f-owner\">{page.T("case.owner")}</label><select id=\"f-owner\" name=\"owner\"><option value=\"\">{page.T("all")}</option>");
        s.Append(CultureInfo.InvariantCulture, $"<option value=\"me\"{(f.Owner == "me" ? " selected" : "")}>{page.T("case.mine")}</option>");
        s.Append(CultureInfo.InvariantCulture, $"<option value=\"none\"{(f.Owner == "none" ? " selected" : "")}>{page.T("case.unassigned")}</option>");
        foreach (var owner in model.Owners)
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{Html.Encode(owner)}\"{(owner == f.Owner ? " selected" : "")}>{Html.Encode(owner)}</option>");
        }

        s.Append("</select></div>");
        s.Append(CultureInfo.InvariantCulture, $"<div><label for=\"f-reason\">{page.T("case.reason")}</label><select id=\"f-reason\" name=\"reason\"><option value=\"\">{page.T("all")}</option>");
        foreach (var reason in model.Reasons)
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{Html.Encode(reason)}\"{(reason == f.Reason ? " selected" : "")}>{Reason(page, reason)}</option>");
        }

        s.Append(CultureInfo.InvariantCulture, $"</select></div><div><button type=\"submit\">{page.T("apply")}</button></div></form>");
        return s.ToString();
    }

    private static string Response(PageContext page, CaseDetail detail, ThemeTaxonomy taxonomy)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"case-response\"><h2 id=\"case-response\">{page.T("case.response")}</h2><ul class=\"case-answers\">");
        foreach (var a in detail.Answers.Where(a => a.Event == "answer"))
        {
            s.Append(CultureInfo.InvariantCulture, $"<li><span class=\"meta\">{Html.Encode(a.QuestionId)}{(a.QuestionType is null ? "" : $" ({Html.Encode(a.QuestionType)})")}</span> ");
            if (a.Score is { } score) s.Append(CultureInfo.InvariantCulture, $"<strong class=\"score\">{score}</strong> ");
            if (a.Text is { } text) s.Append(CultureInfo.InvariantCulture, $"<span class=\"comment\">{Html.Encode(text)}</span>");
            var themes = detail.Themes.Where(t => t.QuestionId == a.QuestionId).ToList();
            if (themes.Count > 0)
            {
                s.Append("<span class=\"themes\">");
                foreach (var t in themes) s.Append(CultureInfo.InvariantCulture, $"<span class=\"badge theme {Html.Encode(t.Sentiment)}\" data-theme=\"{Html.Encode(t.Theme)}\">{Html.Encode(taxonomy.DisplayName(t.Theme, page.Language))}</span> ");
                s.Append("</span>");
            }

            s.Append("</li>");
        }

        s.Append("</ul>");
        var flags = new List<string>();
        if (detail.Sentiment is { } sentiment) flags.Add($"{page.T("case.sentiment")}: {Html.Encode(sentiment)}");
        if (detail.ChurnRisk) flags.Add(page.T("case.reason.churn_risk"));
        if (detail.WantsContact) flags.Add(page.T("case.reason.wants_contact"));
        if (flags.Count > 0) s.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{string.Join(" · ", flags)}</p>");
        s.Append("</section>");
        return s.ToString();
    }

    private static string Work(PageContext page, CaseRow c, IReadOnlyList<string> owners)
    {
        var action = $"/workspace/cases/{c.Id.ToString(CultureInfo.InvariantCulture)}";
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"case-work\" class=\"case-work\"><h2 id=\"case-work\">{page.T("case.work")}</h2>");

        s.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{action}/assign\">{page.TokenField}{page.LangField}<input type=\"hidden\" name=\"owner\" value=\"me\"><button type=\"submit\">{page.T("case.assignMe")}</button></form>");
        s.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{action}/assign\">{page.TokenField}{page.LangField}<div><label for=\"c-owner\">{page.T("case.assignTo")}</label><select id=\"c-owner\" name=\"owner\"><option value=\"\">{page.T("case.unassigned")}</option>");
        foreach (var owner in owners)
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{Html.Encode(owner)}\"{(owner == c.Owner ? " selected" : "")}>{Html.Encode(owner)}</option>");
        }

        s.Append(CultureInfo.InvariantCulture, $"</select></div><button type=\"submit\" class=\"secondary\">{page.T("case.assign")}</button></form>");

        s.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{action}/status\">{page.TokenField}{page.LangField}<div><label for=\"c-status\">{page.T("case.statusLabel")}</label><select id=\"c-status\" name=\"status\">");
        // Resolving goes through the outcome form; on a resolved case the menu shows that state rather than
        // falling back to its first entry, so a stray "Set status" cannot reopen the case.
        if (c.Status == CaseStatus.Resolved)
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"\" selected disabled>{Status(page, CaseStatus.Resolved)}</option>");
        }

        foreach (var status in CaseStatus.All.Where(x => x != CaseStatus.Resolved))
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{status}\"{(status == c.Status ? " selected" : "")}>{Status(page, status)}</option>");
        }

        s.Append(CultureInfo.InvariantCulture, $"</select></div><button type=\"submit\" class=\"secondary\">{page.T("case.setStatus")}</button></form>");

        if (CaseStatus.IsDone(c.Status))
        {
            s.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{page.T("case.doneNoMessage")}</p>");
        }
        else if (c.CustomerId is null)
        {
            s.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\" data-field=\"anonymous\">{page.T("case.anonymousNoMessage")}</p>");
        }
        else
        {
            s.Append(CultureInfo.InvariantCulture, $"""
                <form method="post" action="{action}/message" class="wide">{page.TokenField}{page.LangField}<div><label for="c-message">{page.T("case.message")}</label>
                <textarea id="c-message" name="text" rows="3" maxlength="{CasesEndpoints.MaxText}" required></textarea><p class="meta">{page.T("case.messageHint")}</p></div>
                <button type="submit">{page.T("case.send")}</button></form>
                """);
        }

        if (c.Status != CaseStatus.Resolved)
        {
            s.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{action}/resolve\">{page.TokenField}{page.LangField}<div><label for=\"c-outcome\">{page.T("case.outcomeLabel")}</label><select id=\"c-outcome\" name=\"outcome\">");
            foreach (var outcome in CaseOutcome.All)
            {
                s.Append(CultureInfo.InvariantCulture, $"<option value=\"{outcome}\">{Outcome(page, outcome)}</option>");
            }

            s.Append(CultureInfo.InvariantCulture, $"</select></div><button type=\"submit\">{page.T("case.resolve")}</button></form>");
        }

        s.Append(CultureInfo.InvariantCulture, $"""
            <form method="post" action="{action}/note" class="wide">{page.TokenField}{page.LangField}<div><label for="c-note">{page.T("case.note")}</label>
            <textarea id="c-note" name="text" rows="2" maxlength="{CasesEndpoints.MaxText}" required></textarea></div>
            <button type="submit" class="secondary">{page.T("case.addNote")}</button></form></section>
            """);
        return s.ToString();
    }

    private static string Timeline(PageContext page, IReadOnlyList<CaseEvent> events)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"case-timeline\"><h2 id=\"case-timeline\">{page.T("case.timeline")}</h2><ol class=\"timeline\">");
        foreach (var e in events)
        {
            s.Append(CultureInfo.InvariantCulture, $"<li class=\"event {Html.Encode(e.Kind)}\" data-kind=\"{Html.Encode(e.Kind)}\"><p class=\"meta\">{When(e.At)} · {Html.Encode(e.Actor == CaseStore.CustomerActor ? page.Texts.Get(page.Language, "case.customer") : e.Actor)} · {EventLabel(page, e)}</p>");
            if (e.Text is { } text) s.Append(CultureInfo.InvariantCulture, $"<p class=\"event-text\">{Html.Encode(text)}</p>");
            s.Append("</li>");
        }

        s.Append("</ol></section>");
        return s.ToString();
    }

    private static string EventLabel(PageContext page, CaseEvent e) => e.Kind switch
    {
        "opened" or "reasons" => $"{page.T($"case.event.{e.Kind}")}: {Reasons(page, (e.Detail ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))}",
        "assigned" => $"{page.T("case.event.assigned")}: {(e.Detail is null ? page.T("case.unassigned") : Html.Encode(e.Detail))}",
        "status" => $"{page.T("case.event.status")}: {Status(page, e.Detail ?? "")}",
        "resolved" => $"{page.T("case.event.resolved")}: {Outcome(page, e.Detail ?? "")}",
        "message" => $"{page.T("case.event.message")} ({(e.Detail ?? "").Split(':') switch
        {
            ["sent"] => page.T("case.delivery.sent"),
            ["refused", var why] when MessageRefusals.All.Contains(why) => page.T($"case.refusal.{why}"),
            _ => page.T("case.delivery.sending"),
        }})",
        "reply" => page.T("case.event.reply"),
        "note" => page.T("case.event.note"),
        _ => Html.Encode(e.Kind),
    };

    private static void Fact(StringBuilder s, string term, string value) =>
        s.Append(CultureInfo.InvariantCulture, $"<div><dt>{term}</dt><dd>{value}</dd></div>");

    private static string Reasons(PageContext page, IEnumerable<string> reasons) => string.Join(", ", reasons.Select(r => Reason(page, r)));

    /// <summary>A rule's name from configuration: a text when the workspace has one for it, else the name itself.</summary>
    private static string Reason(PageContext page, string reason)
    {
        try
        {
            return page.T($"case.reason.{reason}");
        }
        catch (KeyNotFoundException)
        {
            return Html.Encode(reason);
        }
    }

    private static string Status(PageContext page, string status) => CaseStatus.All.Contains(status) ? page.T($"case.status.{status}") : Html.Encode(status);

    private static string Outcome(PageContext page, string outcome) => CaseOutcome.All.Contains(outcome) ? page.T($"case.outcome.{outcome}") : Html.Encode(outcome);

    private static string When(DateTimeOffset at) =>
        $"<time datetime=\"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\">{at.UtcDateTime:yyyy-MM-dd HH:mm} UTC</time>";

    /// <summary>Under an hour in minutes, so a team that answers fast does not read "0.0 h".</summary>
    private static string Hours(PageContext page, double? hours) => hours is not { } h ? "–"
        : h < 1 ? $"{Math.Round(h * 60).ToString("0", CultureInfo.InvariantCulture)} {page.T("case.minutes")}"
        : $"{h.ToString("0.0", CultureInfo.InvariantCulture)} {page.T("case.hours")}";
}
