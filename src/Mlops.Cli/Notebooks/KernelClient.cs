using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Mlops.Cli.Notebooks;

/// <summary>
/// The real kernel over its stdio protocol (the one VS Code uses): one JSON command envelope per line in, one JSON
/// event envelope per line out. Always ends with Quit: the kernel does not exit on end of input.
/// </summary>
internal sealed class KernelClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly List<string> _stderr = [];
    private int _commands;

    private KernelClient(Process process)
    {
        _process = process;
        _ = Task.Run(PumpEventsAsync);
        _ = Task.Run(PumpErrorsAsync);
    }

    public static async Task<KernelClient> StartAsync(KernelLaunch launch, string workingDirectory, IReadOnlyDictionary<string, string?> environment, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = launch.ProcessFolder ?? workingDirectory,
        };
        foreach (var argument in launch.Arguments.Concat(["stdio", "--default-kernel", "csharp", "--working-dir", workingDirectory]))
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new NotebookException($"could not start {launch.FileName}.");
        var client = new KernelClient(process);
        await client.WaitForAsync(e => (string?)e["eventType"] == "KernelReady", TimeSpan.FromMinutes(2), cancel);
        return client;
    }

    /// <summary>Submits code to a kernel and returns every event of the command until it succeeds or fails.</summary>
    public async Task<IReadOnlyList<JsonObject>> SubmitAsync(string code, string kernelName, TimeSpan timeout, CancellationToken cancel)
    {
        var token = $"mlops-{++_commands}";
        var envelope = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = kernelName },
        };
        await _process.StandardInput.WriteLineAsync(envelope.ToJsonString());
        await _process.StandardInput.FlushAsync(cancel);
        var events = new List<JsonObject>();
        await WaitForAsync(e =>
        {
            var eventToken = (string?)e["command"]?["token"] ?? "";
            if (eventToken != token && !eventToken.StartsWith(token + ".", StringComparison.Ordinal)) return false;
            events.Add(e);
            return eventToken == token && (string?)e["eventType"] is "CommandSucceeded" or "CommandFailed";
        }, timeout, cancel);
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("""{"token":"quit","commandType":"Quit","command":{}}""");
                await _process.StandardInput.FlushAsync();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            // a kernel that does not quit is killed below
        }
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private async Task WaitForAsync(Func<JsonObject, bool> done, TimeSpan timeout, CancellationToken cancel)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        try
        {
            while (true)
            {
                if (!await _events.Reader.WaitToReadAsync(limit.Token))
                    throw new NotebookException($"the kernel exited (code {ExitCode()}). Its last words: {LastErrors()}");
                while (_events.Reader.TryRead(out var e))
                    if (done(e)) return;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new NotebookException($"the kernel gave no answer within {timeout.TotalSeconds:0} s.");
        }
    }

    private string LastErrors()
    {
        lock (_stderr) return _stderr.Count == 0 ? "(nothing on stderr)" : string.Join(" | ", _stderr.TakeLast(10));
    }

    private string ExitCode() => _process.HasExited ? _process.ExitCode.ToString() : "?";

    private async Task PumpEventsAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith('{')) continue; // the kernel's banner and logs
            try
            {
                if (JsonNode.Parse(line) is JsonObject e && e.ContainsKey("eventType")) await _events.Writer.WriteAsync(e);
            }
            catch (JsonException)
            {
                // not an event
            }
        }
        _events.Writer.Complete();
    }

    private async Task PumpErrorsAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
            lock (_stderr) _stderr.Add(line);
    }
}
