using System.Globalization;
using System.Security.Claims;
using CxBot.Workspace.Auth;
using CxBot.Workspace.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using static CxBot.Workspace.WorkspaceHttp;

namespace CxBot.Workspace.Users;

/// <summary>The users page under <c>/workspace/users</c>, for admins: every change a form post with its audit line.</summary>
internal static class UserEndpoints
{
    public static void MapWorkspaceUsers(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/users", ListAsync).RequireAuthorization(Policies.Admin);
        workspace.MapPost("/users", AddAsync).RequireAuthorization(Policies.Admin).DisableAntiforgery();
        workspace.MapPost("/users/{id:long}/role", (long id, HttpContext http, ILogger<UserStore> logger, CancellationToken ct) =>
            ChangeAsync(id, http, logger, "user.role", selfForbidden: true, (store, form) =>
                Roles.All.Contains(form["role"].ToString()) ? store.SetRoleAsync(http.User, id, form["role"].ToString(), ct) : null, ct))
            .RequireAuthorization(Policies.Admin).DisableAntiforgery();
        workspace.MapPost("/users/{id:long}/password", (long id, HttpContext http, ILogger<UserStore> logger, CancellationToken ct) =>
            ChangeAsync(id, http, logger, "user.password", selfForbidden: false, (store, form) =>
                UserRules.ValidPassword(form["password"].ToString()) ? store.ResetPasswordAsync(http.User, id, form["password"].ToString(), ct) : null, ct))
            .RequireAuthorization(Policies.Admin).DisableAntiforgery();
        workspace.MapPost("/users/{id:long}/disable", (long id, HttpContext http, ILogger<UserStore> logger, CancellationToken ct) =>
            ChangeAsync(id, http, logger, "user.disable", selfForbidden: true, (store, _) => store.SetDisabledAsync(http.User, id, true, ct), ct))
            .RequireAuthorization(Policies.Admin).DisableAntiforgery();
        workspace.MapPost("/users/{id:long}/enable", (long id, HttpContext http, ILogger<UserStore> logger, CancellationToken ct) =>
            ChangeAsync(id, http, logger, "user.enable", selfForbidden: true, (store, _) => store.SetDisabledAsync(http.User, id, false, ct), ct))
            .RequireAuthorization(Policies.Admin).DisableAntiforgery();
    }

    private static async Task<IResult> ListAsync(HttpContext http, string? lang, string? saved, CancellationToken ct)
    {
        var page = Context(http, lang);
        return await WithStoreAsync(http, page, async services =>
            Page(await RenderAsync(services, page, saved is null ? null : "userSaved", failed: false, ct)), ct);
    }

    private static async Task<IResult> AddAsync(HttpContext http, ILogger<UserStore> logger, CancellationToken ct)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        var form = http.Request.Form;
        var page = Context(http, form["lang"]);
        var name = form["name"].ToString().Trim();
        var email = form["email"].ToString().Trim();
        var role = form["role"].ToString();
        var password = form["password"].ToString();
        return await WithStoreAsync(http, page, async services =>
        {
            if (!UserRules.ValidName(name) || !UserRules.ValidEmail(email) || !Roles.All.Contains(role) || !UserRules.ValidPassword(password))
            {
                return Page(await RenderAsync(services, page, "userInvalid", failed: true, ct), StatusCodes.Status400BadRequest);
            }

            // A configured user of the same name would win at sign-in (see Authenticator), so the new one could never sign in.
            if (services.GetRequiredService<UserDirectory>().Find(name) is not null)
            {
                return Page(await RenderAsync(services, page, "nameTaken", failed: true, ct), StatusCodes.Status409Conflict);
            }

            var (result, user) = await services.GetRequiredService<UserStore>().AddAsync(http.User, name, email, role, password, ct);
            if (result != AddUserResult.Added)
            {
                return Page(await RenderAsync(services, page, result == AddUserResult.NameTaken ? "nameTaken" : "emailTaken", failed: true, ct),
                    StatusCodes.Status409Conflict);
            }

            logger.Wrote(http.User.Identity?.Name ?? "", "user.add", $"user:{user!.Id}");
            return Results.Redirect($"/workspace/users?lang={page.Language}&saved=1");
        }, ct);
    }

    private static async Task<IResult> ChangeAsync(
        long id, HttpContext http, ILogger<UserStore> logger, string action, bool selfForbidden,
        Func<UserStore, IFormCollection, Task<StoredUser?>?> change, CancellationToken ct)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        var form = http.Request.Form;
        var page = Context(http, form["lang"]);
        return await WithStoreAsync(http, page, async services =>
        {
            // An admin who demoted or disabled themself could leave the team without any admin.
            if (selfForbidden && http.User.FindFirstValue(SessionClaims.UserId) == id.ToString(CultureInfo.InvariantCulture))
            {
                return Page(await RenderAsync(services, page, "notYourself", failed: true, ct), StatusCodes.Status409Conflict);
            }

            var store = services.GetRequiredService<UserStore>();
            if (change(store, form) is not { } pending)
            {
                return Page(await RenderAsync(services, page, "userInvalid", failed: true, ct), StatusCodes.Status400BadRequest);
            }

            if (await pending is null)
            {
                return Results.NotFound();
            }

            logger.Wrote(http.User.Identity?.Name ?? "", action, $"user:{id}");
            return Results.Redirect($"/workspace/users?lang={page.Language}&saved=1");
        }, ct);
    }

    private static async Task<string> RenderAsync(IServiceProvider services, PageContext page, string? message, bool failed, CancellationToken ct) =>
        UsersPage.Render(page, await services.GetRequiredService<UserStore>().ListAsync(ct),
            services.GetRequiredService<IOptionsMonitor<WorkspaceOptions>>().CurrentValue.Users, message, failed);
}
