using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CxBot.Host.Tests.Auth;

/// <summary>
/// A throwaway certificate authority and a server certificate it issued for 127.0.0.1/localhost, so
/// the fake login authority can speak HTTPS (IdentityModel's metadata retriever refuses plain HTTP).
/// The CA is written to a PEM bundle that the host process trusts through SSL_CERT_FILE: .NET on Linux
/// takes its root store from OpenSSL's SSL_CERT_FILE (no hashed SSL_CERT_DIR is needed), and the file
/// replaces the system bundle, so the machine's own roots are copied in too.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 authority, X509Certificate2 server, string bundlePath)
    {
        Authority = authority;
        Server = server;
        BundlePath = bundlePath;
    }

    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate, with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>A PEM file holding the test CA (and the machine's own roots, when it has a bundle).</summary>
    public string BundlePath { get; }

    public static TestCertificates Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=CxBot Test Authority", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var authority = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var issued = serverRequest.Create(authority, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(16));
        // Kestrel needs a certificate whose key it can use; re-importing as PKCS#12 gives one on every platform.
        var server = X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(serverKey).Export(X509ContentType.Pkcs12), null);

        var bundlePath = Path.Combine(Path.GetTempPath(), $"cxbot-test-ca-{Guid.NewGuid():N}.pem");
        const string SystemBundle = "/etc/ssl/certs/ca-certificates.crt";
        var system = File.Exists(SystemBundle) ? File.ReadAllText(SystemBundle) : "";
        File.WriteAllText(bundlePath, system + Environment.NewLine + authority.ExportCertificatePem() + Environment.NewLine);
        return new TestCertificates(authority, server, bundlePath);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        File.Delete(BundlePath);
    }
}
