using System.Net;
using System.Threading.RateLimiting;
using Survey.Core;

namespace Survey.Api.Respond;

/// <summary>
/// Counts failed token look-ups per client address; past the limit, unknown tokens get 429.
/// Only failures count and valid links are always served: a whole municipality may reach the site
/// from one address, and its leaders' links must keep working however many of them answer at once.
/// The window is per site instance; a second instance simply keeps its own count.
/// </summary>
public sealed class TokenGuard : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _failures;
    private readonly PartitionedRateLimiter<IPAddress> _openLinks;

    public TokenGuard(Microsoft.Extensions.Options.IOptions<SurveyOptions> options)
    {
        var limit = options.Value.FailedTokenLookupsPerMinute;
        var openLinks = options.Value.OpenLinksPerMinute;
        // Each visit to an open link makes an invitation; a generous limit per address stops a script filling the database.
        _openLinks = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
            RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = openLinks,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
        _failures = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
            RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
    }

    public static IPAddress ClientOf(HttpContext context) => context.Connection.RemoteIpAddress ?? IPAddress.None;

    /// <summary>Whether this address has used up its failed look-ups for now.</summary>
    public bool IsBlocked(HttpContext context) =>
        _failures.GetStatistics(ClientOf(context))?.CurrentAvailablePermits <= 0;

    public void RecordFailure(HttpContext context)
    {
        using var lease = _failures.AttemptAcquire(ClientOf(context));
    }

    /// <summary>Takes one open-link visit for the address; false when it has had its share this minute.</summary>
    public bool TryOpenLink(HttpContext context)
    {
        using var lease = _openLinks.AttemptAcquire(ClientOf(context));
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _failures.Dispose();
        _openLinks.Dispose();
    }
}
