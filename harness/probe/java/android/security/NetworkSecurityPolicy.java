package android.security;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stand-in for android.security.NetworkSecurityPolicy (frameworks/base, android-13.0.0_r1): the
 * per-host Certificate Transparency switch Conscrypt reads. On the device the app's network security
 * config sets it; here the probe's config names the hosts (simplified: exact host names).
 */
public class NetworkSecurityPolicy {
    private static final NetworkSecurityPolicy INSTANCE = new NetworkSecurityPolicy();
    private final Set<String> ctHosts = ConcurrentHashMap.newKeySet();

    public static NetworkSecurityPolicy getInstance() {
        return INSTANCE;
    }

    public boolean isCertificateTransparencyVerificationRequired(String hostname) {
        return hostname != null && ctHosts.contains(hostname);
    }

    /** @hide what the manifest's network security config does at process start. */
    public void requireCertificateTransparency(String hostname) {
        ctHosts.add(hostname);
    }
}
