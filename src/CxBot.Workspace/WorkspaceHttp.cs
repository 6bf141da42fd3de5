using CxBot.Workspace.Database;
using CxBot.Workspace.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CxBot.Workspace;

/// <summary>What every workspace endpoint does the same way: check a form post, reach the store, build a page.</summary>
internal static class WorkspaceHttp
{
    /// <summary>Refuses a post that is not a form or lacks a valid anti-forgery token (400).</summary>
    public static async Task<IResult?> RefusedFormAsync(HttpContext http)
    {
        try
        {
            if (!http.Request.HasFormContentType)
            {
                throw new AntiforgeryValidationException("Not a form post.");
            }

            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            http.RequestServices.GetRequiredService<ILogger<WorkspaceStore>>().FormRefused(http.Request.Path);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form has expired or did not come from the workspace. Reload the page and try again.");
        }
    }

    public static async Task<IResult> WithStoreAsync(HttpContext http, PageContext? page, Func<IServiceProvider, Task<IResult>> action, CancellationToken ct)
    {
        var services = http.RequestServices;
        if (services.GetService<NpgsqlDataSource>() is null)
        {
            return page is null
                ? TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The response store is not configured.")
                : Page($"<!doctype html><html lang=\"{page.Language}\"><head><meta charset=\"utf-8\"><title>{page.T("title")}</title></head><body><main><p>{page.T("storeOff")}</p></main></body></html>", StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            await services.GetRequiredService<WorkspaceSchema>().EnsureAsync(ct);
            return await action(services);
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The response store is unreachable.");
        }
    }

    public static PageContext Context(HttpContext http, string? lang)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new PageContext(WorkspaceTexts.Pick(lang), http.RequestServices.GetRequiredService<WorkspaceTexts>(), http.User,
            tokens.FormFieldName, tokens.RequestToken ?? "",
            HttpMethods.IsGet(http.Request.Method) && IsWorkspacePath(http.Request.Path.Value ?? "") ? http.Request.Path.ToUriComponent() : "/workspace");
    }

    public static bool IsWorkspacePath(string url) =>
        url.StartsWith("/workspace", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal);

    public static ContentHttpResult Page(string html, int status = StatusCodes.Status200OK) =>
        TypedResults.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
