package android.security.net.config;

import java.util.Map;

/**
 * Stand-in for android.security.net.config.ApplicationConfig (frameworks/base, android-13.0.0_r1):
 * the app's network security config, one NetworkSecurityConfig per domain plus the base config.
 * Simplified: exact host names (no includeSubdomains), the config given rather than parsed from XML.
 */
public final class ApplicationConfig {
    private static ApplicationConfig sInstance;
    private final NetworkSecurityConfig defaultConfig;
    private final Map<String, NetworkSecurityConfig> domainConfigs;

    public ApplicationConfig(NetworkSecurityConfig defaultConfig, Map<String, NetworkSecurityConfig> domainConfigs) {
        this.defaultConfig = defaultConfig;
        this.domainConfigs = Map.copyOf(domainConfigs);
    }

    public boolean hasPerDomainConfigs() {
        return !domainConfigs.isEmpty();
    }

    public NetworkSecurityConfig getConfigForHostname(String hostname) {
        NetworkSecurityConfig config = hostname == null ? null : domainConfigs.get(hostname);
        return config != null ? config : defaultConfig;
    }

    public static synchronized void setDefaultInstance(ApplicationConfig config) {
        sInstance = config;
    }

    public static synchronized ApplicationConfig getDefaultInstance() {
        if (sInstance == null) {
            sInstance = new ApplicationConfig(
                    new NetworkSecurityConfig(SystemCertificateSource.getCertificates(), PinSet.EMPTY_PINSET), Map.of());
        }
        return sInstance;
    }
}
