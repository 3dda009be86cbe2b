using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Mlops.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server for tests: <c>initdb</c> in a temporary folder, a free port on 127.0.0.1, trust
/// authentication, <c>fsync=off</c>, from the server binaries on the machine (Debian's <c>postgresql</c> package,
/// installed when missing, as the chart tests install Chromium). One server per test process, stopped at its exit;
/// every test takes a database of its own. A test that needs the server fails when it cannot be started: it never skips.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Instance = new(() => new PostgresServer(durable: false), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<PostgresServer> DurableInstance = new(() => new PostgresServer(durable: true), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asPostgres;
    private readonly bool _durable;

    private PostgresServer(bool durable)
    {
        _durable = durable;
        _bin = FindOrInstallBinaries();
        _asPostgres = Environment.UserName == "root";
        _root = Path.Combine(Path.GetTempPath(), "mlops-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_root);
        if (_asPostgres) Run("chown", ["postgres:", _root], asPostgres: false);
        Port = FreePort();
        Run(Path.Combine(_bin, "initdb"), ["-N", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "-D", DataFolder]);
        Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>The server of this test process, started on first use (fsync off: tests need speed, not durability).</summary>
    public static PostgresServer Shared => Instance.Value;

    /// <summary>A server that syncs every commit to disk as a production server does, for benchmarks against per-commit baselines.</summary>
    public static PostgresServer Durable => DurableInstance.Value;

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    private string DataFolder => Path.Combine(_root, "data");

    /// <summary>The superuser's connection string to a database.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=15";

    /// <summary>A new empty database, as a store location URI.</summary>
    public string NewDatabase(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
        using var connection = new NpgsqlConnection(ConnectionString());
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        create.ExecuteNonQuery();
        return $"postgresql://postgres@127.0.0.1:{Port}/{name}";
    }

    /// <summary>Runs SQL as the superuser on a database (for setting up roles and checking what a store wrote).</summary>
    public void Execute(string database, string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>A single value read as the superuser from a database (for checking what a store wrote).</summary>
    public T Scalar<T>(string database, string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Starts the server (it is started on creation; this is for after <see cref="Stop"/>).</summary>
    public void Start() => Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-l", Path.Combine(_root, "log"), "-w", "-t", "60", "-o",
        $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=300 " +
        (_durable ? "-c fsync=on -c synchronous_commit=on" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"), "start"]);

    /// <summary>Stops the server at once, dropping every connection.</summary>
    public void Stop() => Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-m", "fast", "-w", "stop"]);

    /// <summary>Restarts the server, dropping every connection.</summary>
    public void Restart() => Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-m", "fast", "-w", "-t", "60", "restart"]);

    private void Dispose()
    {
        try
        {
            Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Binaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
            : null;

    private static string FindOrInstallBinaries()
    {
        if (Binaries() is { } found) return found;
        var sudo = Environment.UserName == "root" ? "" : "sudo -n ";
        RunShell($"{sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive {sudo}apt-get install -y -qq --no-install-recommends postgresql");
        return Binaries() ?? throw new InvalidOperationException(
            "PostgreSQL's server binaries are not under /usr/lib/postgresql/<version>/bin, and installing Debian's postgresql package did not bring them.");
    }

    private void Run(string program, string[] arguments, bool? asPostgres = null)
    {
        var viaRunuser = asPostgres ?? _asPostgres;
        var start = new ProcessStartInfo(viaRunuser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (viaRunuser) foreach (var a in new[] { "-u", "postgres", "--", program }) start.ArgumentList.Add(a);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Wait(start, $"{program} {string.Join(' ', arguments)}");
    }

    private static void RunShell(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        Wait(start, command);
    }

    private static void Wait(ProcessStartInfo start, string what)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {what}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{what} exited with {process.ExitCode}: {error.Result}{output.Result}");
    }
}
