using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Survey.Tests.BackOffice;
using Survey.Tests.Questionnaires.Expressions;
using Survey.Web.Users;

namespace Survey.Tests.Sites;

/// <summary>
/// Both sites behind Debian's nginx with the shipped site (deploy/nginx-survey.conf) and a
/// self-signed certificate for its two host names, as README's "TLS and the proxy" sets them up:
/// HTTPS works, HTTP is sent to HTTPS, HSTS is sent and the back-office cookie is Secure, the
/// failed-look-up rate limit counts each client's own address, and nobody can choose theirs by a header.
/// </summary>
[NonParallelizable]
public class ProxyTests
{
    private const string PublicHost = "survey.example.dk";
    private const string BackOfficeHost = "backoffice.survey.example.dk";

    private TestDatabase _db = null!;
    private string _dir = null!;
    private Process? _nginx;
    private Process? _api;
    private Process? _web;
    private int _http, _https, _apiPort;
    private X509Certificate2 _certificate = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);
        if (nginx is null) Assert.Ignore("nginx is not installed (apt-get install nginx-light; .ci/run does)");
        _db = new TestDatabase();
        _dir = Directory.CreateTempSubdirectory("survey-nginx-").FullName;
        var (key, crt) = (Path.Combine(_dir, "site.key"), Path.Combine(_dir, "site.crt"));
        var openssl = Process.Start(new ProcessStartInfo("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", key, "-out", crt, "-subj", "/CN=" + PublicHost, "-addext", $"subjectAltName=DNS:{PublicHost},DNS:{BackOfficeHost}"])
            { RedirectStandardError = true })!;
        await openssl.WaitForExitAsync();
        Assert.That(openssl.ExitCode, Is.Zero, await openssl.StandardError.ReadToEndAsync());
        _certificate = X509CertificateLoader.LoadCertificateFromFile(crt);

        (_apiPort, var webPort, _http, _https) = (SiteProcess.FreePort(), SiteProcess.FreePort(), SiteProcess.FreePort(), SiteProcess.FreePort());
        string[] proxied = ["--Survey:ForwardedHeaders:KnownProxies=127.0.0.1", "--Survey:FailedTokenLookupsPerMinute=3"];
        _api = SiteProcess.Start("Survey.Api.dll", _db, _apiPort, proxied);
        _web = SiteProcess.Start("Survey.Web.dll", _db, webPort, proxied);
        using var plain = new HttpClient();
        Assert.That(await SiteProcess.WaitForHealthAsync(plain, _apiPort), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await SiteProcess.WaitForHealthAsync(plain, webPort), Is.EqualTo(HttpStatusCode.OK));

        // The shipped site, on free loopback ports, with this test's certificate and sites.
        var site = File.ReadAllLines(Path.Combine(ExpressionVectorTests.RepositoryRoot(), "deploy", "nginx-survey.conf"))
            .Where(l => !l.TrimStart().StartsWith("listen [::]", StringComparison.Ordinal))
            .Select(l => l.Replace("listen 80;", $"listen 127.0.0.1:{_http};").Replace("listen 443 ", $"listen 127.0.0.1:{_https} ")
                .Replace("127.0.0.1:5080", $"127.0.0.1:{_apiPort}").Replace("127.0.0.1:5090", $"127.0.0.1:{webPort}")
                .Replace($"/etc/ssl/survey/{PublicHost}.crt", crt).Replace($"/etc/ssl/survey/{PublicHost}.key", key)
                .Replace($"/etc/ssl/survey/{BackOfficeHost}.crt", crt).Replace($"/etc/ssl/survey/{BackOfficeHost}.key", key));
        File.WriteAllLines(Path.Combine(_dir, "site.conf"), site);
        var user = Environment.UserName == "root" ? "user root;" : "";
        File.WriteAllText(Path.Combine(_dir, "nginx.conf"), $$"""
            {{user}}
            daemon off;
            worker_processes 1;
            pid {{_dir}}/nginx.pid;
            error_log {{_dir}}/error.log;
            events { worker_connections 128; }
            http {
                access_log {{_dir}}/access.log;
                client_body_temp_path {{_dir}}/body;
                proxy_temp_path {{_dir}}/proxy;
                fastcgi_temp_path {{_dir}}/fastcgi;
                uwsgi_temp_path {{_dir}}/uwsgi;
                scgi_temp_path {{_dir}}/scgi;
                include {{_dir}}/site.conf;
            }
            """);
        _nginx = Process.Start(new ProcessStartInfo(nginx, ["-p", _dir, "-c", Path.Combine(_dir, "nginx.conf")]) { RedirectStandardError = true })!;
        _nginx.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!SiteProcess.Listening(_https))
        {
            if (_nginx.HasExited || DateTime.UtcNow > deadline)
                Assert.Fail("nginx did not start: " + File.ReadAllText(Path.Combine(_dir, "error.log")));
            await Task.Delay(100);
        }
    }

    [OneTimeTearDown]
    public void Stop()
    {
        foreach (var p in new[] { _nginx, _api, _web })
            if (p is not null) SiteProcess.Stop(p);
        _nginx?.Dispose();
        _api?.Dispose();
        _web?.Dispose();
        _certificate?.Dispose();
        _db?.Dispose();
        if (_dir is not null) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A client on its own loopback address (127.0.0.2, .3, ...) that reaches any host name at <paramref name="port"/>, trusting only this test's certificate.</summary>
    private HttpClient ClientFrom(string address, int port, string host, bool https = true) =>
        SiteProcess.ClientFrom(address, port, host, https, cert => cert.GetCertHashString() == _certificate.GetCertHashString());

    private HttpClient Public(string from = "127.0.0.2") => ClientFrom(from, _https, PublicHost);

    private static Task<HttpStatusCode> UnknownLinkAsync(HttpClient http, string? forwardedFor = null) =>
        HttpHygieneTests.UnknownLinkFromAsync(http, forwardedFor);

    [Test]
    public async Task Https_works_for_both_names_http_is_sent_to_https_and_hsts_is_sent()
    {
        using var leader = Public();
        using var backOffice = ClientFrom("127.0.0.2", _https, BackOfficeHost);
        using var plain = ClientFrom("127.0.0.2", _http, PublicHost, https: false);
        var health = await leader.GetAsync("/healthz");
        var login = await backOffice.GetAsync("/Account/Login");
        var redirected = await plain.GetAsync("/healthz");
        Assert.Multiple(async () =>
        {
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(health.Headers.Contains("Strict-Transport-Security"), Is.True, "HSTS over HTTPS");
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await login.Content.ReadAsStringAsync(), Does.Contain("Input.Password"), "the back office answers on its own name");
            Assert.That(login.Headers.Contains("Strict-Transport-Security"), Is.True);
            Assert.That(redirected.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently));
            Assert.That(redirected.Headers.Location?.ToString(), Does.StartWith($"https://{PublicHost}/"));
        });
    }

    [Test]
    public async Task The_back_office_cookie_is_secure_behind_the_proxy()
    {
        var password = (await new UserAccounts(_db.Database).CreateAsync("proxy@test.example", Roles.Admin, "test")).Value!;
        using var backOffice = ClientFrom("127.0.0.2", _https, BackOfficeHost);
        var signedIn = await BackOfficeSite.PostFormAsync(backOffice, "/Account/Login", new() { ["Input.Email"] = "proxy@test.example", ["Input.Password"] = password });
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await signedIn.Content.ReadAsStringAsync());
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("survey.backoffice=", StringComparison.Ordinal));
        Assert.That(cookie.Split(';').Select(p => p.Trim().ToLowerInvariant()), Does.Contain("secure").And.Contain("httponly"), cookie);
    }

    [Test]
    public async Task The_rate_limit_counts_each_clients_own_address_and_a_header_cannot_change_it()
    {
        using var first = Public("127.0.0.2");
        using var second = Public("127.0.0.3");
        using var direct = ClientFrom("127.0.0.4", _apiPort, "127.0.0.1", https: false);
        var firsts = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) firsts.Add(await UnknownLinkAsync(first, forwardedFor: $"198.51.100.{i}"));
        var other = await UnknownLinkAsync(second);
        // Straight to the site, not through the proxy: the header of a client that is not a known proxy is ignored.
        var directs = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) directs.Add(await UnknownLinkAsync(direct, forwardedFor: $"203.0.113.{i}"));
        Assert.Multiple(() =>
        {
            Assert.That(firsts, Is.EqualTo(new[] { HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }),
                "a made-up X-Forwarded-For through the proxy does not give a fresh count");
            Assert.That(other, Is.EqualTo(HttpStatusCode.NotFound), "another client behind the same proxy has its own count, so the site sees clients, not the proxy");
            Assert.That(directs, Is.EqualTo(new[] { HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }),
                "a client that is not a proxy cannot choose its address by a header");
        });
    }
}
