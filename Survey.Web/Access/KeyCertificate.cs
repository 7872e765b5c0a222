using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Survey.Core;

namespace Survey.Web.Access;

/// <summary>
/// The certificate (Survey:DataProtection:Certificate, a PKCS#12 file, with :CertificatePassword)
/// that the keys protecting sign-in cookies and forms are encrypted with in the database, so that a
/// copy of the database or of a backup alone does not give them away. Without it the keys are stored
/// as Data Protection writes them (README, "Where things live").
/// </summary>
public sealed class KeyCertificate
{
    public const string Section = "Survey:DataProtection";

    public string? Certificate { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>The configured certificate, or null when none is; a file that cannot be used gives the line saying why.</summary>
    public static (X509Certificate2? Certificate, string? Wrong) Load(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<KeyCertificate>();
        if (string.IsNullOrWhiteSpace(settings?.Certificate)) return (null, null);
        const string key = Section + ":Certificate";
        if (!File.Exists(settings.Certificate)) return (null, SiteSettings.Wrong(key, settings.Certificate, "the path of a PKCS#12 (.pfx) file that exists"));
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(settings.Certificate, settings.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey) return (null, SiteSettings.Wrong(key, settings.Certificate, "a certificate with its private key, which decrypts the keys"));
            return (certificate, null);
        }
        catch (CryptographicException e)
        {
            return (null, SiteSettings.Wrong(key, settings.Certificate, $"a PKCS#12 file this password opens ({e.Message.TrimEnd('.')})"));
        }
    }
}
