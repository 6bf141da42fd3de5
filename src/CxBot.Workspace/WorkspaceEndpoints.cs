using System.Globalization;
using System.Security.Claims;
using CxBot.Responses.Metrics;
using CxBot.Workspace.Alerts;
using CxBot.Workspace.Auth;
using CxBot.Workspace.Cases;
using CxBot.Workspace.Corrections;
using CxBot.Workspace.Database;
using CxBot.Workspace.Exports;
using CxBot.Workspace.Pages;
using CxBot.Workspace.Users;
using CxBot.Workspace.Themes;
using CxBot.Workspace.Pulse;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

using static CxBot.Workspace.WorkspaceHttp;

namespace CxBot.Workspace;

/// <summary>
/// The workspace under <c>/workspace</c>. Server-rendered HTML, no script: every write is a form post that
/// carries an anti-forgery token, is checked against a role policy, and lands in the audit log.
/// </summary>
public static class WorkspaceEndpoints
{
    private const int AuditPage = 200;
    private const int MaxNoteLength = 200;

    // No script at all, styles only from the app, and no framing: a stored answer cannot run in a team member's browser.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IEndpointRouteBuilder MapCxBotWorkspace(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var workspace = app.MapGroup("/workspace").AddEndpointFilter(SecurityHeaders);
        workspace.MapGet("/assets/{name}", Asset).AllowAnonymous();
        workspace.MapGet("/signin", SignInPage).AllowAnonymous();
        workspace.MapPost("/signin", SignInAsync).AllowAnonymous().DisableAntiforgery();
        workspace.MapGet("/signin/oidc", OidcChallenge).AllowAnonymous();
        workspace.MapGet("/signin/continue", ContinueSignIn).AllowAnonymous();
        workspace.MapPost("/signout", (Delegate)SignOutAsync).RequireAuthorization(Policies.Viewer).DisableAntiforgery();
        workspace.MapGet("/", OverviewAsync).RequireAuthorization(Policies.Viewer);
        workspace.MapGet("/audit", AuditAsync).RequireAuthorization(Policies.Admin);
        workspace.MapPost("/notes", AddNoteAsync).RequireAuthorization(Policies.Analyst).DisableAntiforgery();
        workspace.MapPost("/notes/{id:long}/delete", DeleteNoteAsync).RequireAuthorization(Policies.Analyst).DisableAntiforgery();
        workspace.MapGet("/api/overview", OverviewJsonAsync).RequireAuthorization(Policies.Viewer);
        workspace.MapCxBotAlerts();
        workspace.MapCases();
        workspace.MapWorkspaceUsers();
        workspace.MapWorkspaceExports();
        workspace.MapCxBotThemes();
        workspace.MapCxBotCorrections();
        workspace.MapPulse();
        return app;
    }

    private static async ValueTask<object?> SecurityHeaders(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        return await next(context);
    }

    private static IResult Asset(string name, HttpContext http)
    {
        var type = name switch
        {
            "workspace.css" => "text/css; charset=utf-8",
            "icon.svg" => "image/svg+xml",
            _ => null,
        };
        if (type is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Stream(typeof(WorkspaceEndpoints).Assembly.GetManifestResourceStream($"CxBot.Workspace.Assets.{name}")!, type);
    }

    private static ContentHttpResult SignInPage(HttpContext http, string? returnUrl, string? lang) =>
        Page(PageWriter.SignIn(Context(http, lang), returnUrl, error: null, OidcSignIn.OidcName(http)));

    private static async Task<IResult> SignInAsync(HttpContext http, Authenticator authenticator, ILogger<UserDirectory> logger, CancellationToken ct)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        var form = http.Request.Form;
        var lang = WorkspaceTexts.Pick(form["lang"]);
        var outcome = await authenticator.SignInAsync(form["name"].ToString(), form["password"].ToString(), http.Connection.RemoteIpAddress?.ToString(), ct);
        if (outcome is SignInOutcome.Locked locked)
        {
            var minutes = (int)Math.Ceiling(locked.For.TotalMinutes);
            logger.SignInLocked(minutes);
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(locked.For.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Page(PageWriter.SignIn(Context(http, lang), form["returnUrl"], "lockedOut", OidcSignIn.OidcName(http), minutes.ToString(CultureInfo.InvariantCulture)),
                StatusCodes.Status429TooManyRequests);
        }

        if (outcome is not SignInOutcome.Accepted accepted)
        {
            logger.SignInRefused();
            // A fresh page carries a fresh token: the old one belonged to the anonymous caller.
            return Page(PageWriter.SignIn(Context(http, lang), form["returnUrl"], "signInFailed", OidcSignIn.OidcName(http)), StatusCodes.Status401Unauthorized);
        }

        await http.SignInAsync(Policies.Scheme, accepted.Principal);
        logger.SignedIn(accepted.Principal.Identity!.Name!, accepted.Principal.FindFirstValue(ClaimTypes.Role)!);
        var returnUrl = form["returnUrl"].ToString();
        // Only back into the workspace: anything else would make the sign-in page an open redirect.
        return TypedResults.Redirect(IsWorkspacePath(returnUrl) ? returnUrl : $"/workspace?lang={lang}");
    }

    /// <summary>Sends the browser to the company's provider; 404 while OpenID Connect is off.</summary>
    private static IResult OidcChallenge(HttpContext http, string? returnUrl, string? lang)
    {
        if (OidcSignIn.OidcName(http) is null)
        {
            return TypedResults.NotFound();
        }

        var language = WorkspaceTexts.Pick(lang);
        var target = returnUrl is not null && IsWorkspacePath(returnUrl) ? returnUrl : $"/workspace?lang={language}";
        var properties = new AuthenticationProperties { RedirectUri = $"/workspace/signin/continue?to={Uri.EscapeDataString(target)}&lang={language}" };
        properties.Items["lang"] = language;
        return TypedResults.Challenge(properties, [Policies.OidcScheme]);
    }

    /// <summary>
    /// Where the provider's callback lands. The session cookie is SameSite=Strict, and browsers hold such cookies back
    /// for the whole redirect chain that began at the provider's site; a page of our own that moves on by itself starts
    /// a same-site navigation, which carries the cookie.
    /// </summary>
    private static ContentHttpResult ContinueSignIn(HttpContext http, string? to, string? lang)
    {
        var page = Context(http, lang);
        var target = Html.Encode(to is not null && IsWorkspacePath(to) ? to : $"/workspace?lang={page.Language}");
        return Page($"""
            <!doctype html>
            <html lang="{page.Language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="0;url={target}"><title>{page.T("title")}</title><link rel="stylesheet" href="/workspace/assets/workspace.css"></head>
            <body><main id="main" class="signin"><h1>{page.T("title")}</h1><p><a href="{target}">{page.T("continueSignIn")}</a></p></main></body></html>
            """);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        await http.SignOutAsync(Policies.Scheme);
        return TypedResults.Redirect("/workspace/signin");
    }

    private static async Task<IResult> OverviewAsync(HttpContext http, string? lang, CancellationToken ct)
    {
        var page = Context(http, lang);
        return await WithStoreAsync(http, page, async services =>
        {
            var model = await services.GetRequiredService<OverviewQueries>().LoadAsync(OverviewFilter.From(http.Request.Query), ct);
            return Page(PageWriter.Overview(page, model));
        }, ct);
    }

    private static async Task<IResult> OverviewJsonAsync(HttpContext http, CancellationToken ct) =>
        await WithStoreAsync(http, null, async services =>
        {
            var model = await services.GetRequiredService<OverviewQueries>().LoadAsync(OverviewFilter.From(http.Request.Query), ct);
            return TypedResults.Ok(new
            {
                from = model.From,
                to = model.To,
                metrics = model.Metrics.Select(m => new
                {
                    metric = m.Kind.ToString().ToLowerInvariant(),
                    now = m.Now,
                    weekly = m.Weekly,
                    change = m.Change,
                }),
            });
        }, ct);

    private static async Task<IResult> AuditAsync(HttpContext http, string? lang, CancellationToken ct)
    {
        var page = Context(http, lang);
        return await WithStoreAsync(http, page, async services =>
            Page(PageWriter.Audit(page, await services.GetRequiredService<WorkspaceStore>().AuditAsync(AuditPage, ct))), ct);
    }

    private static async Task<IResult> AddNoteAsync(HttpContext http, ILogger<WorkspaceStore> logger, CancellationToken ct)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        var form = http.Request.Form;
        var text = form["text"].ToString().Trim();
        if (text.Length is 0 or > MaxNoteLength
            || !DateOnly.TryParseExact(form["day"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"A note needs a day (yyyy-MM-dd) and 1 to {MaxNoteLength} characters.");
        }

        return await WithStoreAsync(http, null, async services =>
        {
            var note = await services.GetRequiredService<WorkspaceStore>().AddNoteAsync(http.User, day, text, ct);
            logger.Wrote(http.User.Identity?.Name ?? "", "note.add", $"note:{note.Id}");
            return TypedResults.Redirect($"/workspace?lang={WorkspaceTexts.Pick(form["lang"])}");
        }, ct);
    }

    private static async Task<IResult> DeleteNoteAsync(long id, HttpContext http, ILogger<WorkspaceStore> logger, CancellationToken ct)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        var lang = WorkspaceTexts.Pick(http.Request.Form["lang"]);
        return await WithStoreAsync(http, null, async services =>
        {
            if (!await services.GetRequiredService<WorkspaceStore>().DeleteNoteAsync(http.User, id, ct))
            {
                return TypedResults.NotFound();
            }

            logger.Wrote(http.User.Identity?.Name ?? "", "note.delete", $"note:{id}");
            return TypedResults.Redirect($"/workspace?lang={lang}");
        }, ct);
    }
}
