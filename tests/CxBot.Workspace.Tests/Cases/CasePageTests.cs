using System.Net;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Cases;

/// <summary>The inbox and the case page over HTTP, as a browser posts their forms.</summary>
public sealed class CasePageTests(RedisServer redis, PostgresServer postgres)
{
    private static async Task<long> CaseIdAsync(WorkspaceApp app, string responseId, CancellationToken ct) =>
        await app.CountAsync($"select id from cases where response_id = '{responseId}'", ct);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, long id, string action, CancellationToken ct, params (string, string)[] fields)
    {
        var token = await WorkspaceApp.FormTokenAsync(http, $"/workspace/cases/{id}", ct);
        return await http.PostAsync($"/workspace/cases/{id}/{action}", WorkspaceApp.Form(token, [("lang", "en"), .. fields]), ct);
    }

    [Fact]
    public async Task The_inbox_lists_urgent_cases_first_marks_overdue_ones_and_filters_by_status_owner_and_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await CaseData.SeedAsync(app.Data, "r-late", ct, customer: "crm-1", nps: 4);
        await CaseData.SeedAsync(app.Data, "r-urgent", ct, customer: "crm-2", nps: 9, text: "call me", wantsContact: true);
        await CaseData.SeedAsync(app.Data, "r-mild", ct, customer: "crm-3", csat: 2);
        await CaseData.Opener(app, CaseData.ShippedOptions()).ScanAsync(ct);
        await using (var connection = await app.Data.OpenConnectionAsync(ct))
        {
            await CaseData.Execute(connection, "update cases set due_at = now() - interval '2 hours' where response_id = 'r-late'", ct);
        }

        using var analyst = await app.SignedInAsync("ana", ct);
        using var assigned = await PostAsync(analyst, await CaseIdAsync(app, "r-mild", ct), "assign", ct, ("owner", "me"));
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);

        var inbox = await analyst.GetStringAsync("/workspace/cases", ct);
        var urgent = inbox.IndexOf($"data-case=\"{await CaseIdAsync(app, "r-urgent", ct)}\"", StringComparison.Ordinal);
        var late = inbox.IndexOf($"data-case=\"{await CaseIdAsync(app, "r-late", ct)}\"", StringComparison.Ordinal);
        var mild = inbox.IndexOf($"data-case=\"{await CaseIdAsync(app, "r-mild", ct)}\"", StringComparison.Ordinal);
        Assert.True(urgent > 0 && urgent < late && late < mild, "urgent first, then by due time");
        Assert.Contains("<tr class=\"overdue\"", inbox, StringComparison.Ordinal);
        Assert.Contains("data-field=\"overdue\">1<", inbox, StringComparison.Ordinal);

        var mine = await analyst.GetStringAsync("/workspace/cases?owner=me", ct);
        Assert.Contains($"data-case=\"{await CaseIdAsync(app, "r-mild", ct)}\"", mine, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-case=\"{await CaseIdAsync(app, "r-late", ct)}\"", mine, StringComparison.Ordinal);
        var wanting = await analyst.GetStringAsync("/workspace/cases?reason=wants_contact", ct);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(wanting, "<tr class=\"[^\"]*\" data-case="));
        var resolved = await analyst.GetStringAsync("/workspace/cases?status=resolved", ct);
        Assert.DoesNotContain("data-case=", resolved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_works_a_case_to_resolved_and_every_step_is_in_the_timeline_the_audit_log_and_the_outcomes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await CaseData.SeedAsync(app.Data, "r-1", ct, customer: "crm-1", nps: 2, text: "<b>late</b><script>alert(1)</script> parcel");
        await CaseData.Opener(app, CaseData.ShippedOptions()).ScanAsync(ct);
        var id = await CaseIdAsync(app, "r-1", ct);
        using var analyst = await app.SignedInAsync("ana", ct);

        var page = await analyst.GetStringAsync($"/workspace/cases/{id}", ct);
        Assert.Contains("&lt;b&gt;late&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt; parcel", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.Contains("delivery", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(analyst, id, "assign", ct, ("owner", "adam"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(analyst, id, "status", ct, ("status", "in_progress"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(analyst, id, "note", ct, ("text", "Called, no answer <i>yet</i>"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(analyst, id, "status", ct, ("status", "resolved"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(analyst, id, "assign", ct, ("owner", "vera"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(analyst, id, "resolve", ct, ("outcome", "retained"))).StatusCode);

        Assert.Equal(1, await app.CountAsync($"select count(*) from cases where id = {id} and status = 'resolved' and outcome = 'retained' and owner = 'adam' and closed_at is not null", ct));
        Assert.Equal("opened,assigned,status,note,resolved", await CaseData.TextAsync(app.Data, $"select string_agg(kind, ',' order by id) from case_events where case_id = {id}", ct));
        Assert.Equal(4, await app.CountAsync($"select count(*) from workspace_audit where entity = 'case:{id}' and user_name = 'ana' and before is not null and after is not null", ct));
        Assert.Equal(1, await app.CountAsync("select count(*) from workspace_audit where action = 'case.resolve' and before ->> 'status' = 'in_progress' and after ->> 'outcome' = 'retained'", ct));

        var resolvedPage = await analyst.GetStringAsync($"/workspace/cases/{id}", ct);
        Assert.Contains("Called, no answer &lt;i&gt;yet&lt;/i&gt;", resolvedPage, StringComparison.Ordinal);
        Assert.Contains("data-field=\"outcome\">Customer retained<", resolvedPage, StringComparison.Ordinal);
        // The status menu of a resolved case shows that state, not "open": a stray submit must not reopen it.
        Assert.Matches("<select id=\"c-status\" name=\"status\"><option value=\"\" selected disabled>Resolved</option>(<option value=\"[a-z_]+\">[^<]+</option>)+</select>", resolvedPage);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(analyst, id, "status", ct, ("status", ""))).StatusCode);
        var inbox = await analyst.GetStringAsync("/workspace/cases", ct);
        Assert.Contains("data-outcome=\"retained\">1<", inbox, StringComparison.Ordinal);
        Assert.Matches("data-field=\"median-resolution\">[0-9]+ min<", inbox);
    }

    [Fact]
    public async Task A_message_is_refused_with_the_reason_when_the_response_is_anonymous_or_no_bot_can_send_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await CaseData.SeedAsync(app.Data, "r-anon", ct, nps: 1);
        await CaseData.SeedAsync(app.Data, "r-known", ct, customer: "crm-7", nps: 1);
        await CaseData.Opener(app, CaseData.ShippedOptions()).ScanAsync(ct);
        using var analyst = await app.SignedInAsync("ana", ct);
        var anonymous = await CaseIdAsync(app, "r-anon", ct);
        var known = await CaseIdAsync(app, "r-known", ct);

        Assert.Contains("data-field=\"anonymous\"", await analyst.GetStringAsync($"/workspace/cases/{anonymous}", ct), StringComparison.Ordinal);
        using var refused = await PostAsync(analyst, anonymous, "message", ct, ("text", "Hello"));
        Assert.EndsWith("error=anonymous", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var unavailable = await PostAsync(analyst, known, "message", ct, ("text", "Hello"));
        Assert.EndsWith("error=unavailable", unavailable.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", await analyst.GetStringAsync(unavailable.Headers.Location.OriginalString, ct), StringComparison.Ordinal);

        Assert.Equal(0, await app.CountAsync("select count(*) from case_events where kind = 'message'", ct));
        Assert.Equal(2, await app.CountAsync("select count(*) from cases where status = 'open' and first_contact_at is null", ct));
    }

    [Fact]
    public async Task The_inbox_and_case_page_read_in_every_language()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await CaseData.SeedAsync(app.Data, "r-ru", ct, customer: "crm-1", nps: 0, language: "ru");
        await CaseData.Opener(app, CaseData.ShippedOptions()).ScanAsync(ct);
        var id = await CaseIdAsync(app, "r-ru", ct);
        using var viewer = await app.SignedInAsync("vera", ct);

        Assert.Contains("<h1>Входящие обращения</h1>", await viewer.GetStringAsync("/workspace/cases?lang=ru", ct), StringComparison.Ordinal);
        Assert.Contains("Krytyk (NPS 0–6)", await viewer.GetStringAsync($"/workspace/cases/{id}?lang=pl", ct), StringComparison.Ordinal);
        Assert.Contains("<h1>Cazuri primite</h1>", await viewer.GetStringAsync("/workspace/cases?lang=ro", ct), StringComparison.Ordinal);
    }
}
