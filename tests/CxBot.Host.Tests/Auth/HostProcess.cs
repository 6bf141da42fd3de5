using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CxBot.Testing;

namespace CxBot.Host.Tests.Auth;

/// <summary>
/// The built host (src/CxBot.Host/bin/&lt;configuration&gt;/net10.0/CxBot.Host.dll) run as a real child
/// process with `dotnet`, configured by environment variables only, exactly as it would be deployed.
/// Channel authentication needs a process of its own: the SDK caches OpenID metadata statically and
/// certificate trust (SSL_CERT_FILE) is read once per process.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the host printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public static string HostAssemblyPath
    {
        get
        {
            // The tests run from tests/CxBot.Host.Tests/bin/<configuration>/net10.0/: use the same configuration.
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            var built = RepositoryPaths.InRoot("src", "CxBot.Host", "bin", configuration, framework.Name, "CxBot.Host.dll");
            // With a custom output folder the host is only found beside the tests (copied there as a referenced app).
            return File.Exists(built) ? built : Path.Combine(AppContext.BaseDirectory, "CxBot.Host.dll");
        }
    }

    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var port = FreePort();
        // Under `dotnet test` the SDK names its own dotnet; run the host with the same one.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            ArgumentList = { HostAssemblyPath, "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = Path.GetDirectoryName(HostAssemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Logging__Console__FormatterName"] = "simple";

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilHealthyAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The host exited with {_process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                using var response = await http.GetAsync("healthz", timeout.Token);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"The host did not answer /healthz within {StartTimeout}:{Environment.NewLine}{Output}");
            }

            // Poll the process's own readiness, bounded by the timeout above.
            await Task.WhenAny(_process.WaitForExitAsync(timeout.Token), Task.Delay(100, timeout.Token));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
