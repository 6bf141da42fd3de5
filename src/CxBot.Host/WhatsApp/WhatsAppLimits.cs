namespace CxBot.Host.WhatsApp;

/// <summary>The Cloud API's limits on interactive messages (Meta: interactive reply buttons and list messages).</summary>
internal static class WhatsAppLimits
{
    public const int ReplyButtons = 3;
    public const int ReplyButtonTitle = 20;
    public const int ListRows = 10; // across all sections
    public const int ListRowTitle = 24;
    public const int ListButton = 20;
    public const int InteractiveBody = 1024;
    public const int TextBody = 4096;
    public const int ReplyId = 200; // a list row id; a button id may be 256, so one limit fits both
}
