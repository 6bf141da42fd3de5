using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;
using Xunit;

namespace CxBot.Testing;

/// <summary>
/// A real <c>redis-server</c> on 127.0.0.1 and a free port, owned by the tests. By default nothing is
/// persisted (<c>--save "" --appendonly no</c>); with <see cref="AppendOnly"/> every write is fsynced to
/// an append-only file in a temporary folder, so a kill -9 and restart loses nothing acknowledged.
/// Use it as an assembly fixture, with <see cref="NewPrefix"/> per test; a test that stops or restarts
/// Redis starts its own instance with <see cref="StartNewAsync"/>.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/redis-server";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);
    private static int _prefixCounter;

    private readonly Lock _lock = new();
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly StringBuilder _output = new();
    private Process? _process;
    private DirectoryInfo? _directory;
    private int _port;

    /// <summary>Persist every write with <c>--appendonly yes --appendfsync always</c>.</summary>
    public bool AppendOnly { get; init; }

    /// <summary>The port, fixed at the first start and kept across restarts.</summary>
    public int Port => _port != 0 ? _port : throw new InvalidOperationException("The server has not been started.");

    /// <summary>The working folder (the append-only files live here).</summary>
    public string DataDirectory => _directory?.FullName ?? throw new InvalidOperationException("The server has not been started.");

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What redis-server printed, for failure messages.</summary>
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

    /// <summary>Starts a server of its own for a test that stops, restarts or otherwise disturbs it.</summary>
    public static async Task<RedisServer> StartNewAsync(bool appendOnly, CancellationToken cancellationToken)
    {
        var server = new RedisServer { AppendOnly = appendOnly };
        try
        {
            await server.StartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewPrefix() => $"t{Interlocked.Increment(ref _prefixCounter)}";

    public async ValueTask InitializeAsync() => await StartAsync(CancellationToken.None);

    /// <summary>Starts the process (again) on the same port and folder and waits until it answers PING.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        _directory ??= Directory.CreateTempSubdirectory("cxbot-redis-");
        if (_port != 0)
        {
            await LaunchAsync(_port, cancellationToken);
            return;
        }

        // A free port found by binding port 0 can be taken by someone else before redis-server binds
        // it; that shows up as an early exit, so try a few fresh ports before giving up.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            try
            {
                await LaunchAsync(port, cancellationToken);
                _port = port;
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && !cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Kills the process (SIGKILL: no shutdown save) and waits for it to be gone.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync(cancellationToken).WaitAsync(ReadyTimeout, cancellationToken);
        process.Dispose();
        _process = null;
    }

    /// <summary>kill -9, then start again on the same port and folder.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken);
        await StartAsync(cancellationToken);
    }

    /// <summary>Connection options with short timeouts, so an outage surfaces within seconds.</summary>
    public ConfigurationOptions Configuration() => new()
    {
        EndPoints = { { IPAddress.Loopback, Port } },
        AbortOnConnectFail = false,
        AllowAdmin = true,
        ConnectTimeout = 2_000,
        SyncTimeout = 2_000,
        AsyncTimeout = 2_000,
    };

    /// <summary>A new multiplexer to this server; disposed with the server if the test does not.</summary>
    public ConnectionMultiplexer Connect()
    {
        var connection = ConnectionMultiplexer.Connect(Configuration());
        lock (_lock)
        {
            _connections.Add(connection);
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        List<ConnectionMultiplexer> connections;
        lock (_lock)
        {
            connections = [.. _connections];
            _connections.Clear();
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        await StopAsync(CancellationToken.None);
        try
        {
            _directory?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run over it is not.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task LaunchAsync(int port, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        string[] args =
        [
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", DataDirectory,
            "--daemonize", "no",
            "--save", "",
            .. AppendOnly ? ["--appendonly", "yes", "--appendfsync", "always"] : new[] { "--appendonly", "no" },
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // redis-server prints this line once it has loaded its data and listens; waiting for it is a
        // signal, not a guess at how long start-up takes.
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnOutput(e.Data, ready);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data, ready);
        process.Exited += (_, _) => ready.TrySetException(
            new InvalidOperationException($"redis-server exited during start-up on port {port}:\n{Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        try
        {
            await ready.Task.WaitAsync(ReadyTimeout, cancellationToken);
            await PingAsync(port, cancellationToken);
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(ReadyTimeout, CancellationToken.None);
            process.Dispose();
            _process = null;
            throw;
        }
    }

    private void OnOutput(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            // Keep the tail only: a long-running server must not grow the test process without bound.
            if (_output.Length > 64_000)
            {
                _output.Remove(0, 32_000);
            }

            _output.AppendLine(line);
        }

        if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private static async Task PingAsync(int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
        var buffer = new byte[16];
        var read = 0;
        while (read < 7)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var reply = Encoding.ASCII.GetString(buffer, 0, read);
        if (!reply.StartsWith("+PONG", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"redis-server on port {port} answered PING with '{reply.Trim()}'.");
        }
    }
}
