package android.security.net.config;

import java.security.cert.X509Certificate;

/** Stand-in for android.security.net.config.TrustAnchor (frameworks/base, android-13.0.0_r1). */
public final class TrustAnchor {
    public final X509Certificate certificate;
    public final boolean overridesPins;

    public TrustAnchor(X509Certificate certificate, boolean overridesPins) {
        this.certificate = certificate;
        this.overridesPins = overridesPins;
    }
}
