package com.android.org.conscrypt;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Stand-in for Conscrypt's TrustManagerFactoryImpl (external/conscrypt common/.../TrustManagerFactoryImpl.java,
 * android-13.0.0_r1): init(null) takes Platform.getDefaultCertKeyStore(), and every trust manager is a
 * TrustManagerImpl over that store, so the index lookups are the ones the agent's TLS hooks follow.
 */
public class TrustManagerFactoryImpl extends TrustManagerFactorySpi {
    private KeyStore keyStore;

    @Override
    public void engineInit(KeyStore ks) throws KeyStoreException {
        keyStore = ks != null ? ks : Platform.getDefaultCertKeyStore();
    }

    @Override
    public void engineInit(ManagerFactoryParameters spec) throws InvalidAlgorithmParameterException {
        throw new InvalidAlgorithmParameterException("ManagerFactoryParameters not supported");
    }

    @Override
    public TrustManager[] engineGetTrustManagers() {
        if (keyStore == null) {
            throw new IllegalStateException("TrustManagerFactory is not initialized");
        }
        return new TrustManager[] {new TrustManagerImpl(keyStore)};
    }
}
