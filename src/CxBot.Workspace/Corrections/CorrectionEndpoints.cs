using CxBot.Analysis;
using CxBot.Analysis.Taxonomy;
using CxBot.Workspace.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using static CxBot.Workspace.WorkspaceHttp;

namespace CxBot.Workspace.Corrections;

/// <summary>An answer's labels and their correction (analyst, admin), and the analyzer's agreement with the team.</summary>
internal static class CorrectionEndpoints
{
    private const int RecentCount = 30;
    private const int AgreementDays = 365;

    public static RouteGroupBuilder MapCxBotCorrections(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/answers/{responseId}/{questionId}", AnswerAsync).RequireAuthorization(Policies.Viewer);
        workspace.MapPost("/answers/{responseId}/{questionId}/correct", CorrectAsync).RequireAuthorization(Policies.Analyst).DisableAntiforgery();
        workspace.MapGet("/corrections", AgreementAsync).RequireAuthorization(Policies.Viewer);
        return workspace;
    }

    private static async Task<IResult> AnswerAsync(string responseId, string questionId, HttpContext http, string? lang, CancellationToken ct)
    {
        var page = Context(http, lang);
        return await WithStoreAsync(http, page, async services =>
        {
            if (await services.GetRequiredService<CorrectionStore>().FindAsync(responseId, questionId, ct) is not { } answer)
            {
                return Page(PageWriter.Layout(page, page.Texts.Get(page.Language, "corrections.answer"),
                    $"<main id=\"main\"><h1>{page.T("corrections.answer")}</h1><p>{page.T("corrections.noAnswer")}</p></main>", signedIn: true), StatusCodes.Status404NotFound);
            }

            // What the configured analyzer says about the same masked text today: after a correction it shows what the team taught.
            TextAnalysis? now = null;
            if (services.GetService<ITextAnalyzer>() is { } analyzer)
            {
                now = (await analyzer.AnalyzeAsync([new AnalysisRequest("now", answer.Text, answer.Language)], ct)).FirstOrDefault();
            }

            return Page(CorrectionPages.Answer(page, answer, now, services.GetRequiredService<ThemeTaxonomy>()));
        }, ct);
    }

    private static async Task<IResult> CorrectAsync(string responseId, string questionId, HttpContext http, ILogger<CorrectionStore> logger, CancellationToken ct)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        var form = http.Request.Form;
        var lang = WorkspaceTexts.Pick(form["lang"]);
        return await WithStoreAsync(http, null, async services =>
        {
            var store = services.GetRequiredService<CorrectionStore>();
            if (await store.FindAsync(responseId, questionId, ct) is not { } answer)
            {
                return TypedResults.NotFound();
            }

            if (Read(form, answer.Effective, services.GetRequiredService<ThemeTaxonomy>()) is not { } labels)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: "A correction needs known themes with a sentiment of positive, neutral or negative, and an overall sentiment.");
            }

            if (await store.SaveAsync(http.User, responseId, questionId, labels, ct) is not { } saved)
            {
                return TypedResults.NotFound();
            }

            logger.Wrote(http.User.Identity?.Name ?? "", CorrectionStore.AuditAction, $"answer:{responseId}/{questionId}");
            if (services.GetService<ICorrectionSink>() is { } sink)
            {
                CorrectionFeed.Teach(sink, new StoredCorrection(responseId, questionId, saved.Answer.Text, saved.Answer.Language, labels), logger);
            }

            return TypedResults.Redirect($"/workspace/answers/{Uri.EscapeDataString(responseId)}/{Uri.EscapeDataString(questionId)}?lang={lang}");
        }, ct);
    }

    private static async Task<IResult> AgreementAsync(HttpContext http, string? lang, TimeProvider time, CancellationToken ct)
    {
        var page = Context(http, lang);
        return await WithStoreAsync(http, page, async services =>
        {
            var store = services.GetRequiredService<CorrectionStore>();
            var to = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
            var from = to.AddDays(-AgreementDays);
            return Page(CorrectionPages.Agreement(page, await store.AgreementAsync(from, to, ct), await store.RecentAsync(RecentCount, ct), from, to,
                services.GetRequiredService<ThemeTaxonomy>()));
        }, ct);
    }

    /// <summary>The labels a correction form asks for, starting from those counted now; null when a value is not one the form offers.</summary>
    internal static Labels? Read(IFormCollection form, Labels current, ThemeTaxonomy taxonomy)
    {
        var themes = new List<TagLabel>();
        foreach (var theme in current.Themes)
        {
            var value = form[$"theme:{theme.Theme}"].ToString();
            if (value.Length == 0) themes.Add(theme);
            else if (value == "remove") continue;
            else if (Labels.ThemeSentiments.Contains(value)) themes.Add(theme with { Sentiment = value });
            else return null;
        }

        if (form["add"].ToString() is { Length: > 0 } added)
        {
            var sentiment = form["addSentiment"].ToString();
            if (taxonomy.Find(added) is not { Retired: false } || !Labels.ThemeSentiments.Contains(sentiment)) return null;
            themes.RemoveAll(t => t.Theme == added);
            themes.Add(new TagLabel(added, sentiment));
        }

        var overall = form["sentiment"].ToString();
        if (!Labels.OverallSentiments.Contains(overall)) return null;
        return new Labels([.. themes.OrderBy(t => t.Theme, StringComparer.Ordinal)], overall, form["churn"] == "true", form["contact"] == "true");
    }
}
