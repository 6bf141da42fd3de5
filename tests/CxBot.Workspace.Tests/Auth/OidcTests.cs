using System.Net;
using CxBot.Testing;
using CxBot.Workspace.Auth;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Auth;

/// <summary>Sign-in through a local OpenID Connect provider: the code flow with PKCE, state and nonce, and the id_token checks.</summary>
public sealed class OidcTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task A_valid_company_sign_in_gives_a_session_with_the_mapped_role()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var provider = await FakeOidcProvider.StartAsync(ct);
        await using var app = await StartAsync(provider, ct);
        using var http = app.NewClient();

        var signInPage = await http.GetStringAsync("/workspace/signin", ct);
        Assert.Contains("Sign in with Contoso", signInPage, StringComparison.Ordinal);
        using var callback = await SignInAsync(app, provider, http, ct);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.StartsWith("/workspace/signin/continue?", callback.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var authorize = provider.LastAuthorize!;
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(authorize["code_challenge"]));
        Assert.False(string.IsNullOrEmpty(authorize["nonce"]));
        Assert.False(string.IsNullOrEmpty(authorize["state"]));
        // The code comes back in the query: the default of response_type=code, so the parameter may be left out.
        Assert.Contains(authorize["response_mode"].ToString(), new[] { "", "query" });
        Assert.Contains("openid", authorize["scope"].ToString().Split(' '));
        Assert.Equal(1, provider.TokensIssued);

        var landing = await http.GetStringAsync(callback.Headers.Location!.OriginalString, ct);
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"0;url=/workspace?lang=en\">", landing, StringComparison.Ordinal);
        var overview = await http.GetStringAsync("/workspace", ct);
        Assert.Contains("<strong>dana@contoso.example</strong> (analyst)", overview, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/workspace/users", ct)).StatusCode);
    }

    [Fact]
    public async Task The_highest_of_several_mapped_roles_wins()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var provider = await FakeOidcProvider.StartAsync(ct);
        await using var app = await StartAsync(provider, ct);
        using var http = app.NewClient();
        provider.Next = new FakeOidcProvider.Behaviour
        {
            Claims = new(StringComparer.Ordinal) { ["preferred_username"] = "ola@contoso.example", ["roles"] = new[] { "CX.Analyst", "Finance", "CX.Admin" } },
        };

        using var callback = await SignInAsync(app, provider, http, ct);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/workspace/users", ct)).StatusCode);
    }

    public static TheoryData<string> Hostile => ["wrong nonce", "wrong audience", "wrong issuer", "expired", "forged signature", "tampered state"];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_token_or_answer_that_fails_a_check_is_refused_without_a_session(string fault)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var provider = await FakeOidcProvider.StartAsync(ct);
        await using var app = await StartAsync(provider, ct);
        using var http = app.NewClient();
        provider.Next = fault switch
        {
            "wrong nonce" => new FakeOidcProvider.Behaviour { Nonce = "638000000000000000.bm9uY2UtZnJvbS1lbHNld2hlcmU" },
            "wrong audience" => new FakeOidcProvider.Behaviour { Audience = "some-other-app" },
            "wrong issuer" => new FakeOidcProvider.Behaviour { Issuer = "https://login.evil.example/v2.0" },
            "expired" => new FakeOidcProvider.Behaviour { Shift = TimeSpan.FromHours(-1) },
            "forged signature" => new FakeOidcProvider.Behaviour { Forged = true },
            _ => new FakeOidcProvider.Behaviour { State = "CfDJ8-not-the-state-we-sent" },
        };

        using var callback = await SignInAsync(app, provider, http, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        Assert.Contains("could not be completed", await callback.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.DoesNotContain(callback.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("cxbot.workspace=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/workspace", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/workspace/api/overview", ct)).StatusCode);
        Assert.Equal(fault == "tampered state" ? 0 : 1, provider.TokensIssued);
    }

    [Fact]
    public async Task A_user_whose_claims_map_to_no_role_gets_a_403_page_and_no_session()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var provider = await FakeOidcProvider.StartAsync(ct);
        await using var app = await StartAsync(provider, ct);
        using var http = app.NewClient();
        provider.Next = new FakeOidcProvider.Behaviour
        {
            Claims = new(StringComparer.Ordinal) { ["preferred_username"] = "guest@contoso.example", ["roles"] = new[] { "Finance" } },
        };

        using var callback = await SignInAsync(app, provider, http, ct);

        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        Assert.Contains("has no role in this workspace", await callback.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/workspace/api/overview", ct)).StatusCode);
    }

    [Fact]
    public async Task The_landing_page_after_the_provider_moves_on_only_within_the_workspace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = app.NewClient();

        var evil = await http.GetStringAsync("/workspace/signin/continue?to=%2F%2Fevil.example%2Fworkspace&lang=ru", ct);
        var inside = await http.GetStringAsync("/workspace/signin/continue?to=%2Fworkspace%3Fdays%3D7", ct);

        Assert.Contains("content=\"0;url=/workspace?lang=ru\"", evil, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", evil, StringComparison.Ordinal);
        Assert.Contains("content=\"0;url=/workspace?days=7\"", inside, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_authority_there_is_no_company_sign_in()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = app.NewClient();

        Assert.DoesNotContain("Sign in with", await http.GetStringAsync("/workspace/signin", ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/workspace/signin/oidc", ct)).StatusCode);
    }

    [Fact]
    public void Claims_map_to_the_highest_role_then_the_default_role_then_to_none()
    {
        var settings = new WorkspaceOidcOptions
        {
            RoleMap = new(StringComparer.Ordinal) { ["g-admins"] = "admin", ["g-cx"] = "viewer", ["g-broken"] = "owner" },
        };

        Assert.Equal("admin", OidcSignIn.MapRole(settings, ["g-cx", "g-admins"]));
        Assert.Equal("viewer", OidcSignIn.MapRole(settings, ["g-cx", "g-broken"]));
        Assert.Null(OidcSignIn.MapRole(settings, ["G-ADMINS", "other"]));
        Assert.Null(OidcSignIn.MapRole(settings, []));
        settings.DefaultRole = "viewer";
        Assert.Equal("viewer", OidcSignIn.MapRole(settings, ["other"]));
    }

    [Fact]
    public void An_oidc_section_with_an_unknown_role_or_without_a_client_id_fails_validation()
    {
        var options = new WorkspaceOptions
        {
            Oidc = new WorkspaceOidcOptions
            {
                Authority = "http://login.example/v2.0",
                RoleMap = new(StringComparer.Ordinal) { ["g"] = "owner" },
                DefaultRole = "root",
            },
        };

        var result = new WorkspaceUsersValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Workspace:Oidc:Authority", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Workspace:Oidc:ClientId", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Workspace:Oidc:RoleMap:g", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Workspace:Oidc:DefaultRole", result.FailureMessage, StringComparison.Ordinal);
    }

    private Task<WorkspaceApp> StartAsync(FakeOidcProvider provider, CancellationToken ct) =>
        WorkspaceApp.StartAsync(redis, postgres, ct, new Dictionary<string, string?>
        {
            ["Workspace:Oidc:Authority"] = provider.Issuer,
            ["Workspace:Oidc:ClientId"] = FakeOidcProvider.ClientId,
            ["Workspace:Oidc:ClientSecret"] = FakeOidcProvider.ClientSecret,
            ["Workspace:Oidc:RequireHttpsMetadata"] = "false",
            ["Workspace:Oidc:DisplayName"] = "Contoso",
            ["Workspace:Oidc:RoleClaim"] = "roles",
            ["Workspace:Oidc:RoleMap:CX.Admin"] = "admin",
            ["Workspace:Oidc:RoleMap:CX.Analyst"] = "analyst",
            ["Workspace:Oidc:RoleMap:CX.Viewer"] = "viewer",
        });

    /// <summary>
    /// The browser's part of the code flow: start at the workspace, follow the redirect to the provider (a client of
    /// its own, as cookies do not tell ports apart), and bring the provider's answer back to the callback.
    /// </summary>
    private static async Task<HttpResponseMessage> SignInAsync(WorkspaceApp app, FakeOidcProvider provider, HttpClient http, CancellationToken ct)
    {
        using var challenge = await http.GetAsync("/workspace/signin/oidc?lang=en", ct);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Equal(provider.BaseAddress.Authority, authorize.Authority);

        using var atProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var back = await atProvider.GetAsync(authorize, ct);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var callback = back.Headers.Location!;
        Assert.Equal(app.BaseAddress.Authority, callback.Authority);
        Assert.Equal("/workspace/signin-oidc", callback.AbsolutePath);
        return await http.GetAsync(callback.PathAndQuery, ct);
    }
}
