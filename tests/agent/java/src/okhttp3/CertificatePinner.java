package okhttp3;

import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Stand-in whose check() always fails, like a pin that does not match the proxy's certificate. */
public final class CertificatePinner {
    public void check(String hostname, List<Certificate> peerCertificates) throws SSLPeerUnverifiedException {
        throw new SSLPeerUnverifiedException("Certificate pinning failure for " + hostname);
    }
}
