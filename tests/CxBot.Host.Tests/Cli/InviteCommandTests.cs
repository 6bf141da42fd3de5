using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CxBot.Host.Tests.Invitations;
using CxBot.Testing;

namespace CxBot.Host.Tests.Cli;

/// <summary><c>cxbot invite --csv</c>, run as a process against the real host and its batch API.</summary>
public sealed class InviteCommandTests(InvitationsFixture host) : IClassFixture<InvitationsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ChildProcessResult> InviteAsync(Uri url, string csv, CancellationToken ct, params string[] more)
    {
        var path = Path.Combine(Path.GetTempPath(), $"invite-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv, ct);
        try
        {
            return await CxbotCommand.RunAsync("", ["invite", "--csv", path, "--url", url.ToString(), "--key", InvitationsHosts.ApiKey, .. more], ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string[] Line(string output, int row) =>
        output.Split('\n').Single(l => l.StartsWith($"row {row.ToString(CultureInfo.InvariantCulture)}\t", StringComparison.Ordinal)).TrimEnd('\r').Split('\t');

    [Fact]
    public async Task A_file_is_sent_in_batches_with_a_report_per_row_and_importing_it_again_invites_nobody_twice()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var csv = $"""
            id,customer_id,event,context.order_id
            c-{run}-1,crm-{run}-1,purchase,A-1
            c-{run}-2,crm-{run}-2,birthday,A-2

            ,crm-{run}-3,onboarding_completed,"A-3, gift"
            c-{run}-4,crm-{run}-4,purchase,A-4
            """;

        var first = await InviteAsync(host.App.BaseAddress, csv, Ct, "--batch", "2");

        Assert.Equal(1, first.ExitCode);
        Assert.Equal(["row 2", $"c-{run}-1", "created", "link"], Line(first.Output, 2)[..4]);
        Assert.StartsWith("http", Line(first.Output, 2)[4], StringComparison.Ordinal);
        Assert.Equal("invalid", Line(first.Output, 3)[2]);
        Assert.Contains("event", Line(first.Output, 3)[4], StringComparison.Ordinal);
        var hashed = Line(first.Output, 5);
        Assert.StartsWith("csv-", hashed[1], StringComparison.Ordinal);
        Assert.Equal("created", hashed[2]);
        Assert.Equal("created", Line(first.Output, 6)[2]);
        Assert.Contains("invite: 3 created, 1 invalid (4 rows in", first.Output, StringComparison.Ordinal);
        Assert.Contains("invite: 2/4 rows", first.Error, StringComparison.Ordinal);
        Assert.Contains("invite: 4/4 rows", first.Error, StringComparison.Ordinal);
        Assert.Equal("link", await InvitationsHosts.StatusAsync(host.Http, $"c-{run}-4", Ct));

        var again = await InviteAsync(host.App.BaseAddress, csv, Ct);

        Assert.Equal(1, again.ExitCode);
        Assert.Equal(hashed[1], Line(again.Output, 5)[1]);
        Assert.Contains("invite: 3 existing, 1 invalid (4 rows in", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("rows\n", again.Error.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_that_meets_a_server_error_is_sent_again_and_each_row_is_created_once()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var flaky = await FlakyProxy.StartAsync(host.App.BaseAddress, failFirst: 2, Ct);
        var csv = "id,customer_id,event\n" + string.Join('\n', Enumerable.Range(1, 5).Select(i => $"r-{run}-{i},crm-r-{run}-{i},purchase"));

        var result = await InviteAsync(flaky.BaseAddress, csv, Ct, "--batch", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("invite: 5 created (5 rows in", result.Output, StringComparison.Ordinal);
        Assert.Contains("rows 2-4: HTTP 503; sending the batch again", result.Error, StringComparison.Ordinal);
        Assert.Equal(4, flaky.Requests);
    }

    [Fact]
    public async Task The_api_key_refused_stops_the_import_with_exit_code_2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"invite-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "customer_id,event\ncrm-x,purchase\n", Ct);
        try
        {
            var result = await CxbotCommand.RunAsync("", ["invite", "--csv", path, "--url", host.App.BaseAddress.ToString(), "--key", "not-the-key"], Ct);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("the API key was refused (HTTP 401)", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Ten_thousand_rows_are_imported_and_the_rate_is_printed()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("id,customer_id,event,context.order_id\n");
        for (var i = 0; i < 10_000; i++) csv.Append(CultureInfo.InvariantCulture, $"t-{run}-{i},crm-t-{run}-{i},purchase,O-{i}\n");

        var result = await InviteAsync(host.App.BaseAddress, csv.ToString(), Ct);

        Assert.Equal(0, result.ExitCode);
        var summary = result.Output.Split('\n').Last(l => l.StartsWith("invite: ", StringComparison.Ordinal));
        Assert.StartsWith("invite: 10000 created (10000 rows in", summary, StringComparison.Ordinal);
        Assert.Contains("invite: 10000/10000 rows", result.Error, StringComparison.Ordinal);
        // The figure is kept with the other test artifacts, so a slower import shows up between runs.
        var artifacts = RepositoryPaths.InRoot("artifacts", "invite");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "rate.txt"), summary + "\n", Ct);
        TestContext.Current.SendDiagnosticMessage(summary);
    }

    /// <summary>Answers 503 to the first requests, then passes each on to the host unchanged.</summary>
    private sealed class FlakyProxy : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly HttpClient _forward;
        private readonly Task _loop;
        private int _requests;

        private FlakyProxy(HttpListener listener, Uri target, int failFirst)
        {
            _listener = listener;
            _forward = new HttpClient { BaseAddress = target };
            _loop = Task.Run(() => LoopAsync(failFirst));
        }

        public Uri BaseAddress => new(_listener.Prefixes.Single());

        public int Requests => Volatile.Read(ref _requests);

        public static Task<FlakyProxy> StartAsync(Uri target, int failFirst, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            listener.Start();
            return Task.FromResult(new FlakyProxy(listener, target, failFirst));
        }

        private async Task LoopAsync(int failFirst)
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }

                var n = Interlocked.Increment(ref _requests);
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (n <= failFirst)
                {
                    context.Response.StatusCode = 503;
                    context.Response.Close();
                    continue;
                }

                using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), context.Request.RawUrl) { Content = new ByteArrayContent(body.ToArray()) };
                request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
                request.Headers.TryAddWithoutValidation("X-Api-Key", context.Request.Headers["X-Api-Key"]);
                using var answer = await _forward.SendAsync(request);
                var bytes = await answer.Content.ReadAsByteArrayAsync();
                context.Response.StatusCode = (int)answer.StatusCode;
                context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop;
            _forward.Dispose();
        }
    }
}
