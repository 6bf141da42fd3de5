using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;
using Xunit;

namespace CxBot.Testing;

/// <summary>
/// A Redis Cluster of three masters on 127.0.0.1 (no replicas), owned by the tests: three
/// <c>redis-server --cluster-enabled yes</c> processes joined by <c>redis-cli --cluster create</c>.
/// Every wait is bounded; the processes are killed on dispose.
/// </summary>
public sealed class RedisCluster : IAsyncLifetime
{
    public const string CliPath = "/usr/bin/redis-cli";
    public const int MasterCount = 3;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly List<Process> _processes = [];
    private readonly List<int> _ports = [];
    private readonly StringBuilder _output = new();
    private DirectoryInfo? _directory;

    public IReadOnlyList<int> Ports => _ports;

    /// <summary>A StackExchange.Redis connection string that lists every master.</summary>
    public string ConnectionString => string.Join(',', _ports.Select(p => $"127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>What the servers and redis-cli printed, for failure messages.</summary>
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

    public static async Task<RedisCluster> StartNewAsync(CancellationToken cancellationToken)
    {
        var cluster = new RedisCluster();
        try
        {
            await cluster.StartAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask InitializeAsync() => await StartAsync(CancellationToken.None);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _directory = Directory.CreateTempSubdirectory("cxbot-cluster-");
        for (var i = 0; i < MasterCount; i++)
        {
            var port = FreePort();
            var folder = Directory.CreateDirectory(Path.Combine(_directory.FullName, port.ToString(CultureInfo.InvariantCulture))).FullName;
            await LaunchAsync(port, folder, cancellationToken);
            _ports.Add(port);
        }

        await RunCliAsync(
            ["--cluster", "create", .. _ports.Select(p => $"127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}"), "--cluster-replicas", "0", "--cluster-yes"],
            cancellationToken);
        await WaitUntilClusterOkAsync(cancellationToken);
    }

    /// <summary>A multiplexer that knows every master, with short time-outs.</summary>
    public ConnectionMultiplexer Connect()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5_000;
        options.SyncTimeout = 5_000;
        options.AsyncTimeout = 5_000;
        return ConnectionMultiplexer.Connect(options);
    }

    private async Task WaitUntilClusterOkAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        try
        {
            // Every node must agree, or a client that asks a late node is told the cluster is down.
            foreach (var port in _ports)
            {
                while (true)
                {
                    var info = await RunCliAsync(["-p", port.ToString(CultureInfo.InvariantCulture), "cluster", "info"], timeout.Token);
                    if (info.Contains("cluster_state:ok", StringComparison.Ordinal)) break;
                    // Gossip settles in well under a second; poll, bounded by the timeout above.
                    await Task.Delay(100, timeout.Token);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The cluster did not reach cluster_state:ok within {ReadyTimeout}:{Environment.NewLine}{Output}");
        }
    }

    private async Task<string> RunCliAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(CliPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(ReadyTimeout, cancellationToken);
        }
        catch
        {
            if (!process.HasExited) process.Kill();
            throw;
        }

        var text = await stdout + await stderr;
        Append(text);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:{Environment.NewLine}{text}");
        }

        return text;
    }

    private async Task LaunchAsync(int port, string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(RedisServer.ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        string[] args =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", folder,
            "--daemonize", "no",
            "--save", "",
            "--appendonly", "no",
            "--cluster-enabled", "yes",
            "--cluster-config-file", Path.Combine(folder, "nodes.conf"),
            "--cluster-node-timeout", "5000",
        ];
        foreach (var arg in args) start.ArgumentList.Add(arg);

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnOutput(e.Data, ready);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data, ready);
        process.Exited += (_, _) => ready.TrySetException(
            new InvalidOperationException($"redis-server exited during start-up on port {port}:\n{Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_lock)
        {
            _processes.Add(process);
        }

        await ready.Task.WaitAsync(ReadyTimeout, cancellationToken);
    }

    private void OnOutput(string? line, TaskCompletionSource ready)
    {
        if (line is null) return;
        Append(line + Environment.NewLine);
        if (line.Contains("Ready to accept connections", StringComparison.Ordinal)) ready.TrySetResult();
    }

    private void Append(string text)
    {
        lock (_lock)
        {
            // Keep the tail only: three servers under load must not grow the test process without bound.
            if (_output.Length > 64_000) _output.Remove(0, 32_000);
            _output.Append(text);
        }
    }

    private static int FreePort()
    {
        // Cluster nodes also listen on port + 10000 (the bus), so keep the data port low enough for it.
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port + 10_000 <= 65_535) return port;
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Process> processes;
        lock (_lock)
        {
            processes = [.. _processes];
            _processes.Clear();
        }

        foreach (var process in processes)
        {
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(ReadyTimeout, CancellationToken.None);
            process.Dispose();
        }

        try
        {
            _directory?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run over it is not.
        }
    }
}
