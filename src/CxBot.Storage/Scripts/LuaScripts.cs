namespace CxBot.Storage;

/// <summary>The Lua scripts, embedded from Scripts/*.lua so they can be read (and linted) as Lua.</summary>
internal static class LuaScripts
{
    public static readonly string Commit = Load("commit.lua");
    public static readonly string Write = Load("write.lua");

    private static string Load(string name)
    {
        var resource = "CxBot.Storage.Scripts." + name;
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
