package android.security.net.config;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stand-in for android.security.net.config.NetworkSecurityConfig (frameworks/base, android-13.0.0_r1):
 * one <domain-config> (or the base config): its trust anchors, pins and lazily built trust manager.
 * Simplified: anchors are a list of certificates (no CertificatesEntryRef/sources), no cleartext flag.
 */
public final class NetworkSecurityConfig {
    private final List<TrustAnchor> anchors;
    private final PinSet pins;
    private NetworkSecurityTrustManager trustManager;

    public NetworkSecurityConfig(List<X509Certificate> certificates, PinSet pins) {
        List<TrustAnchor> list = new ArrayList<>();
        for (X509Certificate cert : certificates) {
            list.add(new TrustAnchor(cert, false));
        }
        this.anchors = list;
        this.pins = pins;
    }

    public List<TrustAnchor> getTrustAnchors() {
        return anchors;
    }

    public PinSet getPins() {
        return pins;
    }

    public synchronized NetworkSecurityTrustManager getTrustManager() {
        if (trustManager == null) {
            trustManager = new NetworkSecurityTrustManager(this);
        }
        return trustManager;
    }

    public TrustAnchor findTrustAnchorBySubjectAndPublicKey(X509Certificate cert) {
        for (TrustAnchor anchor : anchors) {
            X509Certificate ca = anchor.certificate;
            if (ca.getSubjectX500Principal().equals(cert.getSubjectX500Principal())
                    && Arrays.equals(ca.getPublicKey().getEncoded(), cert.getPublicKey().getEncoded())) {
                return anchor;
            }
        }
        return null;
    }
}
