using System.Globalization;
using System.Text;
using CxBot.Workspace.Pages;

namespace CxBot.Workspace.Users;

/// <summary>The users page: add a team member, change a role, reset a password, disable or enable.</summary>
internal static class UsersPage
{
    /// <param name="message">A text key: a success note or, with <paramref name="failed"/>, what was refused.</param>
    public static string Render(PageContext page, IReadOnlyList<StoredUser> users, IReadOnlyList<WorkspaceUser> configured, string? message, bool failed)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<main id=\"main\" class=\"users\"><h1>{page.T("users")}</h1>");
        if (message is not null)
        {
            s.Append(failed
                ? $"<p class=\"error\" role=\"alert\">{page.T(message)}</p>"
                : $"<p class=\"saved\" role=\"status\">{page.T(message)}</p>");
        }

        s.Append(CultureInfo.InvariantCulture, $"""
            <section aria-labelledby="add-user"><h2 id="add-user">{page.T("addUser")}</h2>
            <form class="user-form" method="post" action="/workspace/users">{page.TokenField}{page.LangField}
            <div><label for="u-name">{page.T("name")}</label><input id="u-name" name="name" maxlength="64" autocomplete="off" required></div>
            <div><label for="u-email">{page.T("email")}</label><input id="u-email" name="email" type="email" maxlength="254" autocomplete="off" required></div>
            <div>{RoleSelect(page, "u-role", page.T("role"), Roles.Viewer, visibleLabel: true)}</div>
            <div><label for="u-password">{page.T("initialPassword")}</label><input id="u-password" name="password" type="password" minlength="{UserRules.MinPassword}" autocomplete="new-password" required></div>
            <div><button type="submit">{page.T("addUser")}</button></div></form></section>
            """);

        s.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"team\"><h2 id=\"team\">{page.T("databaseUsers")}</h2>");
        if (users.Count == 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"<p>{page.T("noUsers")}</p>");
        }
        else
        {
            s.Append(CultureInfo.InvariantCulture, $"<div class=\"scroll\"><table class=\"user-list\"><thead><tr><th scope=\"col\">{page.T("name")}</th><th scope=\"col\">{page.T("email")}</th><th scope=\"col\">{page.T("role")}</th><th scope=\"col\">{page.T("status")}</th><th scope=\"col\">{page.T("actions")}</th></tr></thead><tbody>");
            foreach (var user in users)
            {
                s.Append(Row(page, user));
            }

            s.Append("</tbody></table></div>");
        }

        s.Append("</section>");
        s.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"configured\"><h2 id=\"configured\">{page.T("configuredUsers")}</h2><p class=\"muted\">{page.T("configuredNote")}</p><ul class=\"configured\">");
        foreach (var user in configured)
        {
            s.Append(CultureInfo.InvariantCulture, $"<li><strong>{Html.Encode(user.Name)}</strong> · {Html.Encode(user.Role)}</li>");
        }

        s.Append("</ul></section></main>");
        return PageWriter.Layout(page, page.Texts.Get(page.Language, "users"), s.ToString(), signedIn: true);
    }

    private static string Row(PageContext page, StoredUser user)
    {
        var id = user.Id.ToString(CultureInfo.InvariantCulture);
        var forName = Html.Encode(string.Format(CultureInfo.InvariantCulture, page.Texts.Get(page.Language, "userFor"), user.Name));
        var status = user.Disabled ? page.T("statusDisabled") : page.T("statusActive");
        var toggle = user.Disabled ? ("enable", page.T("enableUser")) : ("disable", page.T("disableUser"));
        return $"""
            <tr data-user="{Html.Encode(user.Name)}"{(user.Disabled ? " class=\"disabled\"" : "")}><td>{Html.Encode(user.Name)}</td><td>{Html.Encode(user.Email)}</td><td data-field="role">{Html.Encode(user.Role)}</td><td data-field="status">{status}</td><td class="actions">
            <form class="inline-form" method="post" action="/workspace/users/{id}/role">{page.TokenField}{page.LangField}{RoleSelect(page, $"role-{id}", $"{page.T("role")} {forName}", user.Role, visibleLabel: false)}<button type="submit" class="secondary">{page.T("changeRole")}</button></form>
            <form class="inline-form" method="post" action="/workspace/users/{id}/password">{page.TokenField}{page.LangField}<label class="visually-hidden" for="pw-{id}">{page.T("newPassword")} {forName}</label><input id="pw-{id}" name="password" type="password" minlength="{UserRules.MinPassword}" autocomplete="new-password" placeholder="{page.T("newPassword")}" required><button type="submit" class="secondary">{page.T("resetPassword")}</button></form>
            <form class="inline-form" method="post" action="/workspace/users/{id}/{toggle.Item1}">{page.TokenField}{page.LangField}<button type="submit" class="secondary" aria-label="{toggle.Item2} {forName}">{toggle.Item2}</button></form>
            </td></tr>
            """;
    }

    private static string RoleSelect(PageContext page, string id, string label, string selected, bool visibleLabel)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<label{(visibleLabel ? "" : " class=\"visually-hidden\"")} for=\"{id}\">{label}</label><select id=\"{id}\" name=\"role\">");
        foreach (var role in Roles.All)
        {
            s.Append(CultureInfo.InvariantCulture, $"<option value=\"{role}\"{(role == selected ? " selected" : "")}>{role}</option>");
        }

        return s.Append("</select>").ToString();
    }
}

/// <summary>What a user's fields must be, checked before anything is stored.</summary>
internal static class UserRules
{
    public const int MaxName = 64;
    public const int MaxEmail = 254;
    public const int MinPassword = 12;
    public const int MaxPassword = 256;

    public static bool ValidName(string name) => name.Length is > 0 and <= MaxName && !name.Any(char.IsControl);

    public static bool ValidEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return email.Length <= MaxEmail && at > 0 && at < email.Length - 1 && at == email.LastIndexOf('@') && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
    }

    public static bool ValidPassword(string password) => password.Length is >= MinPassword and <= MaxPassword;
}
