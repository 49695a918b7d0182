package android.security.net.config;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Stand-in for android.security.net.config.RootTrustManagerFactorySpi (frameworks/base,
 * android-13.0.0_r1): TrustManagerFactory "PKIX" of the AndroidNSSP provider. init(null) means the
 * app's network security config; init(keyStore) trusts exactly that store (KeyStoreConfigSource).
 */
public class RootTrustManagerFactorySpi extends TrustManagerFactorySpi {
    private ApplicationConfig mApplicationConfig;

    @Override
    public void engineInit(KeyStore ks) throws KeyStoreException {
        if (ks == null) {
            mApplicationConfig = ApplicationConfig.getDefaultInstance();
            return;
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (Enumeration<String> e = ks.aliases(); e.hasMoreElements();) {
            if (ks.getCertificate(e.nextElement()) instanceof X509Certificate cert) {
                certs.add(cert);
            }
        }
        mApplicationConfig = new ApplicationConfig(new NetworkSecurityConfig(certs, PinSet.EMPTY_PINSET), Map.of());
    }

    @Override
    public void engineInit(ManagerFactoryParameters spec) {
        throw new UnsupportedOperationException("ManagerFactoryParameters not supported");
    }

    @Override
    public TrustManager[] engineGetTrustManagers() {
        if (mApplicationConfig == null) {
            throw new IllegalStateException("TrustManagerFactory not initialized");
        }
        return new TrustManager[] {new RootTrustManager(mApplicationConfig)};
    }
}
