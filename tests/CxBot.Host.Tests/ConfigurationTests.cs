using CxBot.Host.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests;

public sealed class ConfigurationTests(BotAppFixture bot) : IClassFixture<BotAppFixture>
{
    [Fact]
    public void The_top_level_appsettings_json_is_what_the_host_reads()
    {
        var configuration = bot.App.Services.GetRequiredService<IConfiguration>();
        Assert.Equal("post-purchase", configuration["Surveys:DefaultSurvey"]);
        Assert.Equal("7", configuration["Redis:ConversationTtlDays"]);
        Assert.Equal("Embedded", configuration["Analysis:Provider"]);
    }
}
