using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using CxBot.Host.DirectLine;
using CxBot.Responses.Privacy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace CxBot.Host.WebChat;

public static class WebChatExtensions
{
    internal const string DirectLineCors = "directline";

    /// <summary>
    /// The bot-hosted Direct Line 3.0, the web chat page and survey links. Options come from the
    /// "WebChat" section, validated at start-up; without <c>WebChat:SigningKey</c> a random key is made.
    /// </summary>
    public static IHostApplicationBuilder AddWebChat(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptionsWithValidateOnStart<WebChatOptions, WebChatOptionsValidator>().BindConfiguration(WebChatOptions.Section);
        builder.Services.AddSingleton<IValidateOptions<WebChatOptions>, WebChatKeyValidator>();

        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WebChatOptions>>().Value;
            byte[] key;
            if (string.IsNullOrEmpty(options.SigningKey))
            {
                sp.GetRequiredService<ILogger<InvitationSigner>>().RandomSigningKey();
                key = RandomNumberGenerator.GetBytes(32);
            }
            else
            {
                key = SHA256.HashData(Encoding.UTF8.GetBytes(options.SigningKey));
            }
            return new TokenSigner(key, sp.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddSingleton(sp => new DirectLineTokens(sp.GetRequiredService<TokenSigner>(),
            TimeSpan.FromMinutes(sp.GetRequiredService<IOptions<WebChatOptions>>().Value.TokenMinutes)));
        builder.Services.AddSingleton(sp => new InvitationSigner(sp.GetRequiredService<TokenSigner>(),
            TimeSpan.FromDays(sp.GetRequiredService<IOptions<WebChatOptions>>().Value.InvitationDays)));
        builder.Services.AddSingleton<TranscriptStore>();
        builder.Services.AddSingleton<StreamHub>();
        builder.Services.AddSingleton<DirectLineAdapter>();
        builder.Services.AddSingleton<PageTexts>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataEraser, WebChatCustomerEraser>());

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(WebChatEndpoints.TokenRateLimit, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<WebChatOptions>>().Value.TokensPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        builder.Services.AddCors(cors => cors.AddPolicy(DirectLineCors, policy => policy
            .SetIsOriginAllowed(_ => false)
            .WithHeaders("authorization", "content-type", "x-ms-bot-agent")
            .WithMethods("GET", "POST")));
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<WebChatOptions>>((cors, options) =>
            {
                var allowed = options.Value.AllowedOrigins.Select(o => o.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
                cors.GetPolicy(DirectLineCors)!.IsOriginAllowed = origin => allowed.Contains(origin.TrimEnd('/'));
            });
        return builder;
    }

    /// <summary>The page at /, its scripts under /webchat/, POST /api/webchat/token and Direct Line under /v3/directline.</summary>
    public static WebApplication MapWebChat(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseCors();
        app.UseRateLimiter();

        // The page's scripts are built from WebChat/ into the app's own wwwroot/ at build time.
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        Directory.CreateDirectory(root);
        app.UsePrecompressedFiles(root, "/webchat");
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".br"] = "application/octet-stream";
        types.Mappings[".gz"] = "application/octet-stream";
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            ContentTypeProvider = types,
            OnPrepareResponse = files =>
            {
                WebChatSecurity.AddCommonHeaders(files.Context.Response);
                files.Context.Response.Headers.CacheControl = "public, max-age=300";
            },
        });
        app.MapWebChatEndpoints();
        app.MapDirectLine();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses) app.Logger.PageServed(address + "/");
        });
        return app;
    }
}
