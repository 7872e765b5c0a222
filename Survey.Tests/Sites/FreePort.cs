using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Survey.Tests.Sites;

public static class FreePort
{
    /// <summary>
    /// Serves the site with Kestrel on a port the system picks. The port is given to Kestrel's own
    /// options rather than through UseKestrel(0), which changes the server's addresses after the
    /// site is built and fails now and then when the site has started listening first
    /// (dotnet/aspnetcore#67714).
    /// </summary>
    public static void UseKestrelOnFreePort<T>(this WebApplicationFactory<T> factory) where T : class =>
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
}
