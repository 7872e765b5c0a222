using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Survey.Tests.Sites;

/// <summary>A site started as its own process from the test's output folder, the way start.sh starts it.</summary>
public static class SiteProcess
{
    public static Process Start(string dll, TestDatabase db, int port, params string[] settings)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, dll), "--urls", $"http://127.0.0.1:{port}", .. db.Arguments, .. settings])
        {
            WorkingDirectory = db.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var p = Process.Start(info)!;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    public static async Task<HttpStatusCode> WaitForHealthAsync(HttpClient http, int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A client on a loopback address of its own (127.0.0.2, .3, ...) that reaches <paramref name="host"/>
    /// at 127.0.0.1:<paramref name="port"/>; over HTTPS it trusts only what <paramref name="trust"/> accepts.
    /// </summary>
    public static HttpClient ClientFrom(string address, int port, string host = "127.0.0.1", bool https = false,
        Func<System.Security.Cryptography.X509Certificates.X509Certificate, bool>? trust = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && trust is not null && trust(cert);
        return new HttpClient(handler) { BaseAddress = new Uri($"{(https ? "https" : "http")}://{host}:{port}") };
    }

    /// <summary>Whether something takes connections on the loopback port.</summary>
    public static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static void Stop(Process p)
    {
        if (!p.HasExited) p.Kill(entireProcessTree: true);
        p.WaitForExit();
    }
}
