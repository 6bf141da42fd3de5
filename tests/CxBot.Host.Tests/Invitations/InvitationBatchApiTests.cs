using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CxBot.Host.Tests.Invitations;

public sealed class InvitationBatchApiTests(InvitationsFixture host) : IClassFixture<InvitationsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Status, JsonObject Body)> PostAsync(HttpClient http, JsonNode body)
    {
        using var response = await http.PostAsJsonAsync("/api/invitations/batch", body, Ct);
        return ((int)response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!);
    }

    private static JsonObject Item(string? id, string customerId, string evt = "purchase") => new()
    {
        ["id"] = id,
        ["customer_id"] = customerId,
        ["event"] = evt,
    };

    [Fact]
    public async Task A_batch_is_accepted_in_one_call_and_sent_again_invites_nobody_twice()
    {
        var (customerId, conversationId) = await host.InstallAsync(host.Http, Ct);
        var run = Guid.NewGuid().ToString("N")[..8];
        var batch = new JsonObject
        {
            ["invitations"] = new JsonArray(Item($"b-{run}-1", customerId), Item($"b-{run}-2", "crm-" + run, "onboarding_completed")),
        };

        var (status, first) = await PostAsync(host.Http, batch.DeepClone());
        var (_, again) = await PostAsync(host.SecondHttp, batch.DeepClone());

        Assert.Equal(200, status);
        Assert.Equal(2, first["created"]!.GetValue<int>());
        var results = first["results"]!.AsArray();
        Assert.Equal("scheduled", results[0]!["invitation"]!["status"]!.GetValue<string>());
        Assert.Equal("link", results[1]!["invitation"]!["status"]!.GetValue<string>());
        Assert.Equal(0, again["created"]!.GetValue<int>());
        Assert.Equal(2, again["existing"]!.GetValue<int>());
        Assert.True(await InvitationsHosts.EventuallyAsync(async () => await InvitationsHosts.StatusAsync(host.Http, $"b-{run}-1", Ct) == "sent", Ct));
        Assert.Single(host.Channel.Received(conversationId));
    }

    [Fact]
    public async Task An_invitation_without_an_id_or_with_bad_fields_is_refused_alone()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var (status, body) = await PostAsync(host.Http, new JsonObject
        {
            ["invitations"] = new JsonArray(Item(null, "crm-a" + run), Item($"ok-{run}", "crm-b" + run), Item($"bad-{run}", "crm-c" + run, "birthday")),
        });

        Assert.Equal(200, status);
        var results = body["results"]!.AsArray();
        Assert.True(results[0]!["errors"]!.AsObject().ContainsKey("id"));
        Assert.Equal($"ok-{run}", results[1]!["invitation"]!["id"]!.GetValue<string>());
        Assert.True(results[2]!["errors"]!.AsObject().ContainsKey("event"));
        Assert.Equal(1, body["created"]!.GetValue<int>());
        Assert.Equal(2, body["invalid"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"invitations\":[]}")]
    [InlineData("not json")]
    public async Task A_body_that_is_not_a_batch_is_a_problem(string raw)
    {
        using var content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync("/api/invitations/batch", content, Ct);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_batch_of_more_than_a_thousand_is_refused()
    {
        var (status, _) = await PostAsync(host.Http, new JsonObject
        {
            ["invitations"] = new JsonArray([.. Enumerable.Range(0, 1_001).Select(i => (JsonNode)Item($"many-{i}", $"crm-{i}"))]),
        });
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Without_an_api_key_a_batch_is_refused()
    {
        using var anonymous = new HttpClient { BaseAddress = host.App.BaseAddress };
        using var response = await anonymous.PostAsJsonAsync("/api/invitations/batch", new JsonObject { ["invitations"] = new JsonArray(Item("x-1", "crm-1")) }, Ct);
        Assert.Equal(401, (int)response.StatusCode);
    }
}
