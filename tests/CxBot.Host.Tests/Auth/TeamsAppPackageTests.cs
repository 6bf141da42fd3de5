using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using CxBot.Testing;

namespace CxBot.Host.Tests.Auth;

/// <summary>
/// The Teams app a tenant admin uploads names the bot by the same app id channel authentication uses,
/// and its icons meet Teams' rules (192×192 colour; 32×32 white on transparent).
/// </summary>
public sealed class TeamsAppPackageTests
{
    private const string Placeholder = "{{MicrosoftAppId}}";

    [Fact]
    public void The_manifest_is_schema_1_17_or_later_and_names_the_bot_by_the_app_id_placeholder()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(RepositoryPaths.InRoot("teams", "manifest.json")))!.AsObject();

        Assert.True(Version.Parse(manifest["manifestVersion"]!.GetValue<string>()) >= new Version(1, 17));
        Assert.Contains("/v" + manifest["manifestVersion"]!.GetValue<string>() + "/", manifest["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Placeholder, manifest["id"]!.GetValue<string>());
        var bot = Assert.Single(manifest["bots"]!.AsArray())!;
        Assert.Equal(Placeholder, bot["botId"]!.GetValue<string>());
        Assert.Equal(["groupChat", "personal", "team"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()).Order());
        Assert.Equal("color.png", manifest["icons"]!["color"]!.GetValue<string>());
        Assert.Equal("outline.png", manifest["icons"]!["outline"]!.GetValue<string>());
        Assert.True(manifest["name"]!["short"]!.GetValue<string>().Length <= 30);
        Assert.True(manifest["description"]!["short"]!.GetValue<string>().Length <= 80);
    }

    [Fact]
    public void The_colour_icon_is_192_pixels_square_and_opaque()
    {
        var icon = Png.Read(RepositoryPaths.InRoot("teams", "color.png"));

        Assert.Equal((192, 192), (icon.Width, icon.Height));
        Assert.All(icon.Pixels(), p => Assert.Equal(255, p.A));
    }

    [Fact]
    public void The_outline_icon_is_32_pixels_square_white_on_transparent()
    {
        var icon = Png.Read(RepositoryPaths.InRoot("teams", "outline.png"));

        Assert.Equal((32, 32), (icon.Width, icon.Height));
        var pixels = icon.Pixels();
        Assert.All(pixels, p => Assert.True(p.A == 0 || (p.R, p.G, p.B) == (255, 255, 255), $"pixel {p} is neither white nor transparent"));
        Assert.Contains(pixels, p => p.A == 0);
        Assert.Contains(pixels, p => p.A == 255);
    }

    [Fact]
    public async Task The_package_script_fills_in_the_app_id_and_zips_the_three_files_flat()
    {
        var ct = TestContext.Current.CancellationToken;
        var appId = Guid.NewGuid().ToString();
        var output = Path.Combine(Path.GetTempPath(), $"cxbot-teams-{Guid.NewGuid():N}.zip");
        try
        {
            var start = new ProcessStartInfo("bash") { ArgumentList = { RepositoryPaths.InRoot("scripts", "teams-package.sh"), "--app-id", appId, output }, RedirectStandardError = true, RedirectStandardOutput = true };
            using var script = Process.Start(start)!;
            var errors = script.StandardError.ReadToEndAsync(ct);
            await script.StandardOutput.ReadToEndAsync(ct);
            await script.WaitForExitAsync(ct);
            Assert.True(script.ExitCode == 0, await errors);

            using var zip = await ZipFile.OpenReadAsync(output, ct);
            Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
            using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
            var manifest = await reader.ReadToEndAsync(ct);
            Assert.DoesNotContain("{{", manifest, StringComparison.Ordinal);
            Assert.Equal(appId, JsonNode.Parse(manifest)!["bots"]![0]!["botId"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task The_package_script_refuses_an_app_id_that_is_not_a_guid()
    {
        var ct = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo("bash") { ArgumentList = { RepositoryPaths.InRoot("scripts", "teams-package.sh"), "--app-id", "my-bot" }, RedirectStandardError = true, RedirectStandardOutput = true };
        using var script = Process.Start(start)!;
        var errors = await script.StandardError.ReadToEndAsync(ct);
        await script.WaitForExitAsync(ct);

        Assert.NotEqual(0, script.ExitCode);
        Assert.Contains("MicrosoftAppId", errors, StringComparison.Ordinal);
    }

    /// <summary>Just enough of PNG to check an icon: 8-bit RGBA, non-interlaced, all five row filters.</summary>
    private sealed record Png(int Width, int Height, byte[] Rgba)
    {
        private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

        public static Png Read(string path)
        {
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.AsSpan().StartsWith(Signature), $"{path} is not a PNG");
            int width = 0, height = 0;
            using var idat = new MemoryStream();
            for (var at = 8; at < bytes.Length;)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
                var kind = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
                var data = bytes.AsSpan(at + 8, length);
                if (kind == "IHDR")
                {
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.True(data[8] == 8 && data[9] == 6 && data[12] == 0, "the icons are 8-bit RGBA, non-interlaced");
                }
                else if (kind == "IDAT")
                {
                    idat.Write(data);
                }

                at += 12 + length;
            }

            idat.Position = 0;
            using var inflated = new MemoryStream();
            using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
            return new Png(width, height, Unfilter(inflated.ToArray(), width, height));
        }

        public IReadOnlyList<(byte R, byte G, byte B, byte A)> Pixels() =>
            [.. Enumerable.Range(0, Width * Height).Select(i => (Rgba[i * 4], Rgba[(i * 4) + 1], Rgba[(i * 4) + 2], Rgba[(i * 4) + 3]))];

        private static byte[] Unfilter(byte[] raw, int width, int height)
        {
            const int Bpp = 4;
            var stride = width * Bpp;
            var output = new byte[stride * height];
            for (var y = 0; y < height; y++)
            {
                var filter = raw[y * (stride + 1)];
                for (var x = 0; x < stride; x++)
                {
                    int a = x >= Bpp ? output[(y * stride) + x - Bpp] : 0;
                    int b = y > 0 ? output[((y - 1) * stride) + x] : 0;
                    int c = x >= Bpp && y > 0 ? output[((y - 1) * stride) + x - Bpp] : 0;
                    var value = raw[(y * (stride + 1)) + 1 + x];
                    output[(y * stride) + x] = (byte)(value + filter switch
                    {
                        0 => 0,
                        1 => a,
                        2 => b,
                        3 => (a + b) / 2,
                        4 => Paeth(a, b, c),
                        _ => throw new InvalidDataException($"PNG filter {filter}"),
                    });
                }
            }

            return output;
        }

        private static int Paeth(int a, int b, int c)
        {
            var p = a + b - c;
            int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
