using System.Net;
using System.Text.Json.Nodes;
using CxBot.Host.WhatsApp;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests.WhatsApp;

/// <summary>Meta's webhook: the subscription handshake, the signature on every call, and customers' messages answered over the Graph API.</summary>
public sealed class WhatsAppWebhookTests(WhatsAppFixture whatsApp) : IClassFixture<WhatsAppFixture>
{
    [Fact]
    public async Task The_subscription_handshake_echoes_the_challenge_for_our_verify_token()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await whatsApp.Http.GetAsync($"/api/whatsapp?hub.mode=subscribe&hub.verify_token={WhatsAppFixture.VerifyToken}&hub.challenge=1158201444", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync(ct));
    }

    [Theory]
    [InlineData("subscribe", "someone-elses-token")]
    [InlineData("unsubscribe", WhatsAppFixture.VerifyToken)]
    [InlineData("subscribe", "")]
    public async Task The_subscription_handshake_is_refused_without_our_verify_token(string mode, string token)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await whatsApp.Http.GetAsync($"/api/whatsapp?hub.mode={mode}&hub.verify_token={token}&hub.challenge=echo-me-back", ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("echo-me-back", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no signature")]
    [InlineData("signed with another secret")]
    [InlineData("body changed after signing")]
    public async Task A_call_without_a_valid_signature_is_refused_with_401_and_not_answered(string flaw)
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = whatsApp.NewCustomer();
        var payload = customer.Webhook(new JsonObject { ["type"] = "text", ["text"] = new JsonObject { ["body"] = "hello" } });

        using var response = flaw switch
        {
            "no signature" => await customer.PostAsync(payload, sign: false, ct),
            "signed with another secret" => await customer.PostAsync(payload, sign: true, ct, secret: "not-the-app-secret"),
            _ => await PostTamperedAsync(customer, payload, ct),
        };

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(customer.Received);
    }

    [Fact]
    public async Task A_customer_takes_the_whole_survey_on_WhatsApp_tapping_buttons_and_typing()
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = whatsApp.NewCustomer();

        var nps = Assert.Single(await customer.TypeAsync("Hi there", ct));
        // Eleven points do not fit a list (at most 10 rows): the question carries its scale and is answered by typing.
        Assert.Equal("text", nps["type"]!.GetValue<string>());
        var reason = Assert.Single(await customer.TypeAsync("9", ct));
        Assert.Equal("button", reason["interactive"]?["type"]?.GetValue<string>());
        var csat = Assert.Single(await customer.TapAsync(reason, "Skip", ct));
        var ces = await AnswerAsync(customer, csat, "4", ct);
        var thanks = await AnswerAsync(customer, ces, "6", ct);

        Assert.Equal("text", thanks["type"]!.GetValue<string>());
        Assert.All(customer.Received, m => Assert.Equal(customer.WaId, m["to"]!.GetValue<string>()));
        var recorded = await whatsApp.RecordedAsync(customer.WaId, ct);
        var answers = recorded.Where(a => a.Event == "answer").ToDictionary(a => a.QuestionId!);
        Assert.Equal("9", answers["nps"].ValueJson);
        Assert.Equal("4", answers["csat"].ValueJson);
        Assert.Equal("6", answers["ces"].ValueJson);
        Assert.Single(recorded, a => a.Event == "skip" && a.QuestionId == "reason");
        Assert.Single(recorded, a => a.Event == "complete");
        Assert.All(recorded, a =>
        {
            Assert.Equal("whatsapp", a.ChannelId);
            Assert.Equal($"whatsapp:{customer.WaId}", a.CustomerId);
        });
    }

    [Theory]
    [InlineData("list_reply")]
    [InlineData("button_reply")]
    public async Task A_tapped_row_or_button_answers_with_its_title(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = whatsApp.NewCustomer();
        await customer.TypeAsync("Hello", ct);

        await customer.SendAsync(new JsonObject
        {
            ["type"] = "interactive",
            ["interactive"] = new JsonObject { ["type"] = kind, [kind] = new JsonObject { ["id"] = "7", ["title"] = "7" } },
        }, ct);

        var recorded = await whatsApp.RecordedAsync(customer.WaId, ct);
        var nps = Assert.Single(recorded, a => a.QuestionId == "nps");
        Assert.Equal("7", nps.ValueJson);
        Assert.Equal("7", nps.Text);
    }

    [Fact]
    public async Task A_webhook_call_Meta_delivers_twice_is_answered_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = whatsApp.NewCustomer();
        await customer.TypeAsync("Hello", ct);
        var payload = customer.Webhook(new JsonObject { ["type"] = "text", ["text"] = new JsonObject { ["body"] = "8" } });

        using (var first = await customer.PostAsync(payload, sign: true, ct)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var afterFirst = customer.Received.Count;
        using (var second = await customer.PostAsync(payload, sign: true, ct)) Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        Assert.Equal(afterFirst, customer.Received.Count);
        Assert.Single(await whatsApp.RecordedAsync(customer.WaId, ct), a => a.QuestionId == "nps");
    }

    [Fact]
    public async Task Delivery_statuses_and_messages_to_another_number_are_acknowledged_and_not_answered()
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = whatsApp.NewCustomer();
        var otherNumber = customer.Webhook(new JsonObject { ["type"] = "text", ["text"] = new JsonObject { ["body"] = "hello" } });
        otherNumber["entry"]![0]!["changes"]![0]!["value"]!["metadata"]!["phone_number_id"] = "999999999999999";
        var status = customer.Webhook(new JsonObject { ["type"] = "text", ["text"] = new JsonObject { ["body"] = "hello" } });
        var value = status["entry"]![0]!["changes"]![0]!["value"]!.AsObject();
        value.Remove("messages");
        value["statuses"] = new JsonArray(new JsonObject { ["id"] = "wamid.out1", ["status"] = "delivered", ["recipient_id"] = customer.WaId });

        using (var response = await customer.PostAsync(otherNumber, sign: true, ct)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var response = await customer.PostAsync(status, sign: true, ct)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Empty(customer.Received);
    }

    [Fact]
    public async Task A_first_message_goes_out_as_the_configured_template_and_its_quick_reply_starts_the_survey()
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = whatsApp.NewCustomer();
        var adapter = whatsApp.App.Services.GetRequiredService<WhatsAppAdapter>();

        await adapter.SendTemplateAsync(customer.WaId, "pl", ["Anna", "A-1042"], ct);

        var template = Assert.Single(customer.Received)["template"]!;
        Assert.Equal(WhatsAppFixture.TemplateName, template["name"]!.GetValue<string>());
        Assert.Equal("pl", template["language"]!["code"]!.GetValue<string>());
        Assert.Equal(["Anna", "A-1042"], template["components"]![0]!["parameters"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));

        await customer.SendAsync(new JsonObject { ["type"] = "button", ["button"] = new JsonObject { ["payload"] = "start", ["text"] = "Tak, chętnie" } }, ct);
        await customer.TypeAsync("dziewięć", ct);

        var nps = Assert.Single(await whatsApp.RecordedAsync(customer.WaId, ct), a => a.QuestionId == "nps");
        Assert.Equal("9", nps.ValueJson);
        Assert.Equal("pl", nps.Language);
    }

    [Fact]
    public async Task A_proactive_question_with_five_choices_reaches_the_customer_as_a_list_message()
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = whatsApp.NewCustomer();
        var adapter = whatsApp.App.Services.GetRequiredService<WhatsAppAdapter>();
        var reference = new ConversationReference
        {
            ChannelId = WhatsAppAdapter.ChannelId,
            Conversation = new ConversationAccount(id: customer.WaId),
            User = new ChannelAccount(customer.WaId),
            Bot = new ChannelAccount(WhatsAppFixture.PhoneNumberId),
            Locale = "ro-RO",
        };
        var question = MessageFactory.SuggestedActions(new[] { "1", "2", "3", "4", "5" }, "Cât de mulțumit(ă) sunteți?", null, null);

        await adapter.ContinueConversationAsync(WhatsAppFixture.PhoneNumberId, reference, (turn, token) => turn.SendActivityAsync(question, token), ct);

        var list = Assert.Single(customer.Received);
        Assert.Equal("list", list["interactive"]!["type"]!.GetValue<string>());
        Assert.Equal("Alegeți", list["interactive"]!["action"]!["button"]!.GetValue<string>());
        Assert.Equal(["1", "2", "3", "4", "5"], list["interactive"]!["action"]!["sections"]![0]!["rows"]!.AsArray().Select(r => r!["title"]!.GetValue<string>()));
        Assert.NotEmpty(await customer.TapAsync(list, "4", ct));
    }

    /// <summary>What the customer is asked next, after answering a question by tapping where it offered a choice and typing where not.</summary>
    private static async Task<JsonObject> AnswerAsync(WhatsAppCustomer customer, JsonObject question, string answer, CancellationToken cancellationToken)
    {
        var offersChoice = question["type"]!.GetValue<string>() == "interactive";
        var replies = offersChoice ? await customer.TapAsync(question, answer, cancellationToken) : await customer.TypeAsync(answer, cancellationToken);
        return replies[^1];
    }

    private static async Task<HttpResponseMessage> PostTamperedAsync(WhatsAppCustomer customer, JsonObject payload, CancellationToken cancellationToken)
    {
        // Sign one body, send another with that signature.
        var signed = payload.ToJsonString();
        var signature = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(WhatsAppFixture.AppSecret), System.Text.Encoding.UTF8.GetBytes(signed)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/whatsapp")
        {
            Content = new StringContent(signed.Replace("hello", "HELLO", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Hub-Signature-256", signature);
        return await customer.Http.SendAsync(request, cancellationToken);
    }
}
