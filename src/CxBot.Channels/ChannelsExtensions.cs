using CxBot.Channels.Capabilities;
using CxBot.Channels.Cards;
using CxBot.Channels.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CxBot.Channels;

public static class ChannelsExtensions
{
    public static IHostApplicationBuilder AddCxBotChannels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(ChannelCapabilities.Default);
        builder.Services.AddSingleton(QuestionCards.Default);
        builder.Services.AddSingleton<ChannelRenderer>();
        return builder;
    }
}
