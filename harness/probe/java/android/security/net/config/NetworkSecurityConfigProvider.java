package android.security.net.config;

import java.security.Provider;
import java.security.Security;

/**
 * Stand-in for android.security.net.config.NetworkSecurityConfigProvider (frameworks/base,
 * android-13.0.0_r1): ActivityThread installs it before Application.onCreate, at position 1, so
 * every default TrustManagerFactory (HttpsURLConnection, OkHttp's platform trust manager, the
 * default SSLContext) yields a RootTrustManager.
 */
public final class NetworkSecurityConfigProvider extends Provider {
    private static final String PREFIX = NetworkSecurityConfigProvider.class.getPackage().getName() + ".";

    public NetworkSecurityConfigProvider() {
        super("AndroidNSSP", "1.0", "Android Network Security Policy Provider");
        put("TrustManagerFactory.PKIX", PREFIX + "RootTrustManagerFactorySpi");
        put("Alg.Alias.TrustManagerFactory.X509", "PKIX");
    }

    public static void install(ApplicationConfig config) {
        ApplicationConfig.setDefaultInstance(config);
        int pos = Security.insertProviderAt(new NetworkSecurityConfigProvider(), 1);
        if (pos != 1) {
            throw new RuntimeException("Failed to install provider as highest priority provider. Provider was"
                    + " installed at position " + pos);
        }
    }
}
