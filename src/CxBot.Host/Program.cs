using CxBot.Analysis;
using CxBot.Channels;
using CxBot.Host.Bot;
using CxBot.Host.Cases;
using CxBot.Host.Endpoints;
using CxBot.Host.Telemetry;
using CxBot.Host.Invitations;
using CxBot.Host.WebChat;
using CxBot.Host.WhatsApp;
using CxBot.Responses;
using CxBot.Responses.Api;
using CxBot.Storage;
using CxBot.Surveys;
using CxBot.Surveys.Definitions;
using CxBot.Workspace;

// The content root is the app's own folder, where the top-level appsettings.json and dialogs/ are
// copied at build time, so `dotnet run`, the built binary and a published copy read the same files.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddCxBotStorage();
builder.AddCxBotSurveys();
builder.AddCxBotAnalysis();
builder.AddCxBotChannels();
builder.AddSurveyBot();
builder.AddCxBotResponses();
builder.AddCxBotWorkspace();
builder.AddWhatsApp();
builder.AddWebChat();
builder.AddInvitations();
builder.AddCaseLoop();
builder.AddCxBotTelemetry();
builder.Services.AddProblemDetails();

var app = builder.Build();

// Refuse to start on an invalid survey: load and validate every definition now, not on the first turn.
app.Services.GetRequiredService<SurveyCatalog>();
app.WarnWhenChannelAuthIsOff();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseChannelAuthFailures();
app.MapBotMessages();
app.MapWhatsApp();
app.MapWebChat();
app.MapInvitations();
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
app.MapCxBotAdminApi();
app.MapCxBotWorkspace();
app.MapCxBotMetrics();

app.Run();

public partial class Program;
