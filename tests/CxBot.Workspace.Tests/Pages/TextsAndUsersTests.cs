using System.Text.Json;
using CxBot.Testing;
using CxBot.Workspace.Auth;
using CxBot.Workspace.Pages;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace.Tests.Pages;

public sealed class TextsAndUsersTests
{
    [Fact]
    public void Every_language_file_has_exactly_the_english_keys()
    {
        var folder = RepositoryPaths.InRoot("src", "CxBot.Workspace", "Texts");
        foreach (var english in Directory.GetFiles(folder, "*en.json"))
        {
            var name = Path.GetFileName(english);
            foreach (var language in WorkspaceTexts.Languages)
            {
                var file = Path.Combine(folder, name[..^"en.json".Length] + $"{language}.json");
                Assert.True(File.Exists(file), $"{file} is missing");
                Assert.Equal(Keys(english), Keys(file));
            }
        }

        var texts = new WorkspaceTexts();
        Assert.Equal("Przegląd", texts.Get("pl", "overview"));
        Assert.Equal("en", WorkspaceTexts.Pick("de"));
    }

    [Fact]
    public void A_hashed_password_verifies_and_a_wrong_one_does_not()
    {
        var hash = UserDirectory.Hash("pa55 word");
        var users = new UserDirectory(new StaticMonitor(new WorkspaceOptions { Users = [new WorkspaceUser { Name = "Ana", PasswordHash = hash, Role = Roles.Analyst }] }));

        Assert.Equal("Ana", users.Verify("ana", "pa55 word")?.Name);
        Assert.Null(users.Verify("ana", "pa55 Word"));
        Assert.Null(users.Verify("bob", "pa55 word"));
        Assert.DoesNotContain("pa55", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_without_a_hash_or_with_an_unknown_role_fails_validation()
    {
        var options = new WorkspaceOptions
        {
            Users =
            [
                new WorkspaceUser { Name = "a", PasswordHash = "", Role = Roles.Viewer },
                new WorkspaceUser { Name = "b", PasswordHash = "h", Role = "owner" },
                new WorkspaceUser { Name = "B", PasswordHash = "h", Role = Roles.Admin },
            ],
        };

        var result = new WorkspaceUsersValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Workspace:Users:0:PasswordHash", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Workspace:Users:1:Role", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("more than once", result.FailureMessage, StringComparison.Ordinal);
    }

    private static string[] Keys(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    private sealed class StaticMonitor(WorkspaceOptions value) : IOptionsMonitor<WorkspaceOptions>
    {
        public WorkspaceOptions CurrentValue => value;

        public WorkspaceOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WorkspaceOptions, string?> listener) => null;
    }
}
