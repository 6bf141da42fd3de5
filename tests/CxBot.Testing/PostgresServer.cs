using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace CxBot.Testing;

/// <summary>
/// A real PostgreSQL 15 (Debian's <c>/usr/lib/postgresql/15/bin</c>) on 127.0.0.1 and a free port, with
/// its data and unix socket in a temporary folder, owned by the tests. PostgreSQL refuses to run as
/// root, so as root it runs as the <c>postgres</c> user through <c>runuser</c>. Trust authentication on
/// loopback only; fsync off (test data need not survive a power cut, only a process kill), but
/// synchronous commit stays on: an immediate stop must not lose a commit the pipeline has acknowledged.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    public const string User = "postgres";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static int _databaseCounter;

    private DirectoryInfo? _root;
    private int _port;

    public int Port => _port != 0 ? _port : throw new InvalidOperationException("The server has not been started.");

    public bool IsRunning { get; private set; }

    private string DataDirectory => Path.Combine(_root!.FullName, "data");

    private string SocketDirectory => Path.Combine(_root!.FullName, "socket");

    private string LogFile => Path.Combine(_root!.FullName, "postgres.log");

    /// <summary>An Npgsql connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Timeout=5;Command Timeout=60;Pooling=true";

    /// <summary>A database name no other test uses (create it with <c>create database</c>).</summary>
    public static string NewDatabaseName() => $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}";

    public static async Task<PostgresServer> StartNewAsync(CancellationToken cancellationToken)
    {
        var server = new PostgresServer();
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

    public async ValueTask InitializeAsync() => await StartAsync(CancellationToken.None);

    /// <summary>initdb on first start; then starts the server (again, same port and data) and waits until it accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_root is null)
        {
            _root = Directory.CreateTempSubdirectory("cxbot-postgres-");
            Directory.CreateDirectory(SocketDirectory);
            if (IsRoot)
            {
                await RunAsync("chown", ["-R", $"{User}:", _root.FullName], cancellationToken, asPostgres: false);
            }

            await RunAsync(Path.Combine(BinDirectory, "initdb"),
                ["-D", DataDirectory, "-U", User, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = _port != 0 ? _port : FreePort();
            try
            {
                await RunAsync(Path.Combine(BinDirectory, "pg_ctl"),
                [
                    "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start",
                    "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)} -k {SocketDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200",
                ], cancellationToken);
                _port = port;
                IsRunning = true;
                return;
            }
            catch (InvalidOperationException) when (_port == 0 && attempt < 3 && !cancellationToken.IsCancellationRequested)
            {
                // The free port was taken before PostgreSQL bound it: try another.
            }
        }
    }

    /// <summary>Stops the server at once (immediate mode: no checkpoint, like a crash) and waits for it to be gone.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!IsRunning)
        {
            return;
        }

        await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"], cancellationToken);
        IsRunning = false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        try
        {
            _root?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run over it is not.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool asPostgres = true)
    {
        var start = new ProcessStartInfo(asPostgres && IsRoot ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root!.FullName,
        };
        if (asPostgres && IsRoot)
        {
            foreach (var a in new[] { "-u", User, "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, CancellationToken.None) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} exited with {process.ExitCode}:\n{await output}\n{await error}\n{(log.Length > 4000 ? log[^4000..] : log)}");
        }
    }
}
