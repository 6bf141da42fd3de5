using System.Globalization;
using CxBot.Analysis.Taxonomy;
using CxBot.Workspace.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using static CxBot.Workspace.WorkspaceHttp;

namespace CxBot.Workspace.Cases;

/// <summary>
/// The case inbox and case pages under /workspace/cases: viewers read, analysts and admins work cases. Every write
/// is a form post with the anti-forgery token and lands in the case's timeline and the audit log.
/// </summary>
internal static class CasesEndpoints
{
    public const int MaxText = 1000;

    public static RouteGroupBuilder MapCases(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/cases", InboxAsync).RequireAuthorization(Policies.Viewer);
        workspace.MapGet("/cases/{id:long}", CaseAsync).RequireAuthorization(Policies.Viewer);
        workspace.MapPost("/cases/{id:long}/assign", AssignAsync).RequireAuthorization(Policies.Analyst).DisableAntiforgery();
        workspace.MapPost("/cases/{id:long}/status", StatusAsync).RequireAuthorization(Policies.Analyst).DisableAntiforgery();
        workspace.MapPost("/cases/{id:long}/resolve", ResolveAsync).RequireAuthorization(Policies.Analyst).DisableAntiforgery();
        workspace.MapPost("/cases/{id:long}/note", NoteAsync).RequireAuthorization(Policies.Analyst).DisableAntiforgery();
        workspace.MapPost("/cases/{id:long}/message", MessageAsync).RequireAuthorization(Policies.Analyst).DisableAntiforgery();
        workspace.MapGet("/api/cases", InboxJsonAsync).RequireAuthorization(Policies.Viewer);
        return workspace;
    }

    private static CaseFilter Filter(IQueryCollection query)
    {
        static string? Text(IQueryCollection q, string name) => q.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;
        var status = Text(query, "status");
        status = status is CaseFilter.Active or CaseFilter.Any || (status is not null && CaseStatus.All.Contains(status)) ? status : CaseFilter.Active;
        return new CaseFilter(status!, Text(query, "owner"), Text(query, "reason"));
    }

    private static async Task<IResult> InboxAsync(HttpContext http, string? lang, TimeProvider time, IOptionsMonitor<WorkspaceOptions> users, CancellationToken ct)
    {
        var page = Context(http, lang);
        return await WithStoreAsync(http, page, async services =>
        {
            var store = services.GetRequiredService<CaseStore>();
            var filter = Filter(http.Request.Query);
            var model = new InboxModel(filter, await store.ListAsync(filter, http.User.Identity?.Name ?? "", ct), await store.ReasonsAsync(ct),
                Workers(users), await store.StatsAsync(ct), time.GetUtcNow());
            return Page(CasePages.Inbox(page, model));
        }, ct);
    }

    private static async Task<IResult> InboxJsonAsync(HttpContext http, CancellationToken ct) =>
        await WithStoreAsync(http, null, async services =>
        {
            var store = services.GetRequiredService<CaseStore>();
            var cases = await store.ListAsync(Filter(http.Request.Query), http.User.Identity?.Name ?? "", ct);
            var stats = await store.StatsAsync(ct);
            return TypedResults.Ok(new
            {
                cases = cases.Select(c => new { id = c.Id, reasons = c.Reasons, urgent = c.Urgent, status = c.Status, owner = c.Owner, dueAt = c.DueAt, outcome = c.Outcome }),
                outcomes = stats.Outcomes,
                medianHoursToFirstContact = stats.MedianHoursToFirstContact,
                medianHoursToResolution = stats.MedianHoursToResolution,
            });
        }, ct);

    private static async Task<IResult> CaseAsync(long id, HttpContext http, string? lang, string? error, TimeProvider time, IOptionsMonitor<WorkspaceOptions> users, CancellationToken ct)
    {
        var page = Context(http, lang);
        return await WithStoreAsync(http, page, async services =>
            await services.GetRequiredService<CaseStore>().FindAsync(id, ct) is { } detail
                ? Page(CasePages.Case(page, detail, Workers(users), error, time.GetUtcNow(), services.GetRequiredService<ThemeTaxonomy>()))
                : TypedResults.NotFound(), ct);
    }

    private static async Task<IResult> AssignAsync(long id, HttpContext http, IOptionsMonitor<WorkspaceOptions> users, ILogger<CaseStore> logger, CancellationToken ct)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        var owner = http.Request.Form["owner"].ToString();
        owner = owner == "me" ? http.User.Identity?.Name ?? "" : owner;
        if (owner.Length > 0 && !Workers(users).Contains(owner, StringComparer.Ordinal))
        {
            return Invalid("An owner is a workspace user who may work cases.");
        }

        return await WriteAsync(http, id, "case.assign", logger, (store, user) => store.AssignAsync(user, id, owner.Length == 0 ? null : owner, ct), ct);
    }

    private static async Task<IResult> StatusAsync(long id, HttpContext http, ILogger<CaseStore> logger, CancellationToken ct)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        var status = http.Request.Form["status"].ToString();
        if (!CaseStatus.All.Contains(status) || status == CaseStatus.Resolved)
        {
            return Invalid("The status must be open, in_progress, waiting or closed; resolving needs an outcome.");
        }

        return await WriteAsync(http, id, "case.status", logger, async (store, user) =>
        {
            var after = await store.SetStatusAsync(user, id, status, ct);
            if (after is not null && CaseStatus.IsDone(status)) await EndThreadAsync(http, store, id, logger, ct);
            return after;
        }, ct);
    }

    private static async Task<IResult> ResolveAsync(long id, HttpContext http, ILogger<CaseStore> logger, CancellationToken ct)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        var outcome = http.Request.Form["outcome"].ToString();
        if (!CaseOutcome.All.Contains(outcome))
        {
            return Invalid($"The outcome must be one of {string.Join(", ", CaseOutcome.All)}.");
        }

        return await WriteAsync(http, id, "case.resolve", logger, async (store, user) =>
        {
            var after = await store.ResolveAsync(user, id, outcome, ct);
            if (after is not null) await EndThreadAsync(http, store, id, logger, ct);
            return after;
        }, ct);
    }

    private static async Task<IResult> NoteAsync(long id, HttpContext http, ILogger<CaseStore> logger, CancellationToken ct)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        var text = http.Request.Form["text"].ToString().Trim();
        if (text.Length is 0 or > MaxText) return Invalid($"A note has 1 to {MaxText} characters.");
        return await WriteAsync(http, id, "case.note", logger, (store, user) => store.AddNoteAsync(user, id, text, ct), ct);
    }

    /// <summary>
    /// The message is in the timeline (as being sent) before the bot sends it, then marked sent or refused with the
    /// reason; a sent message leaves the case waiting for the customer, whose next chat message becomes the reply.
    /// </summary>
    private static async Task<IResult> MessageAsync(long id, HttpContext http, ILogger<CaseStore> logger, CancellationToken ct)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        var form = http.Request.Form;
        var lang = WorkspaceTexts.Pick(form["lang"]);
        var text = form["text"].ToString().Trim();
        if (text.Length is 0 or > MaxText) return Invalid($"A message has 1 to {MaxText} characters.");
        return await WithStoreAsync(http, null, async services =>
        {
            var store = services.GetRequiredService<CaseStore>();
            if (await store.FindAsync(id, ct) is not { } detail) return TypedResults.NotFound();
            var c = detail.Case;
            if (CaseStatus.IsDone(c.Status))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The case is closed: reopen it to message the customer.");
            }

            string? refusal = null;
            if (c.CustomerId is null)
            {
                refusal = MessageRefusals.Anonymous;
            }
            else if (services.GetService<ICustomerMessenger>() is not { } messenger)
            {
                refusal = MessageRefusals.Unavailable;
            }
            else if (await store.BeginMessageAsync(http.User, id, text, ct) is { } eventId)
            {
                MessageDelivery delivery;
                try
                {
                    delivery = await messenger.SendAsync(new CustomerMessage(id, c.CustomerId, c.ChannelId, c.ConversationId, c.Language, text), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.MessageFailed(e, id);
                    delivery = MessageDelivery.Refused(MessageRefusals.DeliveryFailed);
                }

                // Recorded whatever the request's fate now: the customer may already have the message.
                await store.CompleteMessageAsync(http.User, id, eventId, delivery, CancellationToken.None);
                logger.MessageHandled(id, delivery.Sent, delivery.Refusal);
                refusal = delivery.Refusal;
            }

            logger.Wrote(http.User.Identity?.Name ?? "", "case.message", $"case:{id}");
            var back = $"/workspace/cases/{id.ToString(CultureInfo.InvariantCulture)}?lang={lang}";
            return TypedResults.Redirect(refusal is null ? back : $"{back}&error={refusal}");
        }, ct);
    }

    private static async Task<IResult> WriteAsync(
        HttpContext http, long id, string action, ILogger<CaseStore> logger, Func<CaseStore, System.Security.Claims.ClaimsPrincipal, Task<CaseSnapshot?>> write, CancellationToken ct)
    {
        var lang = WorkspaceTexts.Pick(http.Request.Form["lang"]);
        return await WithStoreAsync(http, null, async services =>
        {
            if (await write(services.GetRequiredService<CaseStore>(), http.User) is null) return TypedResults.NotFound();
            logger.Wrote(http.User.Identity?.Name ?? "", action, $"case:{id}");
            return TypedResults.Redirect($"/workspace/cases/{id.ToString(CultureInfo.InvariantCulture)}?lang={lang}");
        }, ct);
    }

    /// <summary>A closed case stops taking the customer's chat messages as replies; if this fails the thread expires on its own.</summary>
    private static async Task EndThreadAsync(HttpContext http, CaseStore store, long id, ILogger logger, CancellationToken ct)
    {
        if (http.RequestServices.GetService<ICustomerMessenger>() is not { } messenger
            || await store.FindAsync(id, ct) is not { Case: { ThreadChannelId: { } channel, ThreadConversationId: { } conversation } })
        {
            return;
        }

        try
        {
            await messenger.EndThreadAsync(id, channel, conversation, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.ThreadNotEnded(e, id);
        }
    }

    /// <summary>The users who may own a case: analysts and admins.</summary>
    private static List<string> Workers(IOptionsMonitor<WorkspaceOptions> users) =>
        [.. users.CurrentValue.Users.Where(u => u.Role is Roles.Analyst or Roles.Admin).Select(u => u.Name).Order(StringComparer.Ordinal)];

    private static ProblemHttpResult Invalid(string title) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title);
}
