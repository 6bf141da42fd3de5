using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using StackExchange.Redis;

namespace CxBot.Host.DirectLine;

/// <summary>
/// The WebSocket streams this process holds, fed through Redis pub/sub so that an activity appended
/// by any host process reaches the socket wherever it is. A socket never trusts the message for the
/// content: on "appended" it reads the transcript after its own watermark, so a lost or duplicated
/// notice can neither skip nor repeat an activity. Typing is the exception: it is not kept in the
/// transcript, so it travels in the message.
/// </summary>
internal sealed class StreamHub(TranscriptStore transcripts, IConnectionMultiplexer redis, ILogger<StreamHub> logger) : IAsyncDisposable
{
    private static readonly TimeSpan SafetyReadInterval = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, StreamSocket> _sockets = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private ChannelMessageQueue? _queue;

    public static string Appended(string conversationId) => "a " + conversationId;

    public static string Typing(string conversationId, string activityJson) => "t " + conversationId + " " + activityJson;

    private static string Opened(string conversationId, string socketId) => "o " + conversationId + " " + socketId;

    /// <summary>Streams the conversation to the socket from the watermark on, until either side closes it.</summary>
    public async Task RunAsync(WebSocket webSocket, string conversationId, long watermark, CancellationToken cancellationToken)
    {
        await EnsureSubscribedAsync();
        var socket = new StreamSocket(Guid.NewGuid().ToString("N"), webSocket, watermark);
        if (_sockets.TryGetValue(conversationId, out var older)) older.Close("collision");
        _sockets[conversationId] = socket;
        // One socket per conversation: the newest wins in every process.
        await transcripts.PublishAsync(Opened(conversationId, socket.Id));
        socket.Signal.Writer.TryWrite(null);
        logger.StreamOpened(conversationId, watermark);
        try
        {
            await Task.WhenAll(PumpAsync(socket, conversationId, cancellationToken), ReceiveAsync(socket, cancellationToken));
        }
        finally
        {
            _sockets.TryRemove(new KeyValuePair<string, StreamSocket>(conversationId, socket));
            logger.StreamClosed(conversationId, socket.Watermark);
        }
    }

    private async Task PumpAsync(StreamSocket socket, string conversationId, CancellationToken cancellationToken)
    {
        try
        {
            var reader = socket.Signal.Reader;
            while (true)
            {
                // A pub/sub message can be lost while Redis reconnects: look at the transcript now and
                // then anyway, so a socket never waits for the next message to get the last one.
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    wait.CancelAfter(SafetyReadInterval);
                    try
                    {
                        if (!await reader.WaitToReadAsync(wait.Token)) break;
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                    }
                }
                while (reader.TryRead(out var ephemeral))
                {
                    if (ephemeral is not null) await SendAsync(socket, $"{{\"activities\":[{ephemeral}]}}", cancellationToken);
                }
                while (true)
                {
                    var (activities, watermark) = await transcripts.ReadAsync(conversationId, socket.Watermark);
                    if (activities.Count == 0) break;
                    await SendAsync(socket, $"{{\"activities\":[{string.Join(',', activities)}],\"watermark\":\"{watermark}\"}}", cancellationToken);
                    socket.Watermark = watermark;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException || RedisOutageOrClosed(e))
        {
            // The client reconnects with its watermark and gets whatever this socket did not deliver.
        }
        finally
        {
            socket.Close("closed");
        }
    }

    private static bool RedisOutageOrClosed(Exception e) => CxBot.Storage.RedisOutage.Is(e) || e is ObjectDisposedException;

    private static async Task ReceiveAsync(StreamSocket socket, CancellationToken cancellationToken)
    {
        // The client only sends "" keep-alives: read them to notice the close.
        var buffer = new byte[1024];
        try
        {
            while (socket.WebSocket.State == WebSocketState.Open)
            {
                var result = await socket.WebSocket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            socket.Signal.Writer.TryComplete();
        }
        if (socket.WebSocket.State is WebSocketState.CloseReceived)
        {
            try
            {
                await socket.WebSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }
    }

    private static async Task SendAsync(StreamSocket socket, string frame, CancellationToken cancellationToken) =>
        await socket.WebSocket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private async Task EnsureSubscribedAsync()
    {
        if (_queue is not null) return;
        await _subscribing.WaitAsync();
        try
        {
            if (_queue is not null) return;
            var queue = await redis.GetSubscriber().SubscribeAsync(transcripts.PushChannel);
            queue.OnMessage(m => Deliver(m.Message.ToString()));
            _queue = queue;
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private void Deliver(string message)
    {
        var parts = message.Split(' ', 3);
        if (parts.Length < 2 || !_sockets.TryGetValue(parts[1], out var socket)) return;
        switch (parts[0])
        {
            case "a":
                socket.Signal.Writer.TryWrite(null);
                break;
            case "t" when parts.Length == 3:
                socket.Signal.Writer.TryWrite(parts[2]);
                break;
            case "o" when parts.Length == 3 && parts[2] != socket.Id:
                socket.Close("collision");
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_queue is not null) await _queue.UnsubscribeAsync();
        foreach (var socket in _sockets.Values) socket.Close("shutdown");
        _subscribing.Dispose();
    }

    private sealed class StreamSocket(string id, WebSocket webSocket, long watermark)
    {
        public string Id { get; } = id;

        public WebSocket WebSocket { get; } = webSocket;

        public long Watermark { get; set; } = watermark;

        /// <summary>null = read the transcript; a string = send this ephemeral activity.</summary>
        public Channel<string?> Signal { get; } = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });

        public void Close(string reason)
        {
            Signal.Writer.TryComplete();
            if (WebSocket.State != WebSocketState.Open) return;
            // Fire and forget: the close handshake finishes on the socket's own loops.
            _ = WebSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, CancellationToken.None)
                .ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        }
    }
}
