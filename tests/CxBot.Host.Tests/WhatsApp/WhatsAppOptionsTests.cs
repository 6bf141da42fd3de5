using CxBot.Host.WhatsApp;

namespace CxBot.Host.Tests.WhatsApp;

public sealed class WhatsAppOptionsTests
{
    [Fact]
    public void With_nothing_set_WhatsApp_is_off_and_valid()
    {
        var options = new WhatsAppOptions();

        Assert.False(options.Enabled);
        Assert.True(new WhatsAppOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_phone_number_without_the_secrets_is_refused_naming_each_missing_key()
    {
        var result = new WhatsAppOptionsValidator().Validate(null, new WhatsAppOptions { PhoneNumberId = "106540352242922", AccessToken = "token" });

        Assert.True(result.Failed);
        Assert.Contains("WhatsApp:AppSecret", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("WhatsApp:VerifyToken", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("WhatsApp:AccessToken", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://graph.facebook.com/v21.0")]
    [InlineData("graph.facebook.com")]
    public void A_graph_url_that_is_not_https_is_refused(string url)
    {
        var result = new WhatsAppOptionsValidator().Validate(null, new WhatsAppOptions { GraphBaseUrl = url });

        Assert.Contains("WhatsApp:GraphBaseUrl", result.FailureMessage, StringComparison.Ordinal);
    }
}
