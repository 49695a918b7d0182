package com.google.android.gms.common.security;

import android.content.Context;
import com.google.android.gms.org.conscrypt.OpenSSLProvider;
import java.security.Security;

/**
 * Stand-in for Play services' ProviderInstallerImpl (the "providerinstaller" module GmsCore loads for
 * ProviderInstaller.installIfNeeded): Play services' own Conscrypt (shaded to
 * com.google.android.gms.org.conscrypt) becomes the highest-priority security provider, named
 * GmsCore_OpenSSL. Compiled apart from the app (harness/probe/build.py) and loaded only through the
 * Play services package's class loader. Simplified: no native library, no provider patching.
 */
public final class ProviderInstallerImpl {
    private static final Object LOCK = new Object();
    private static OpenSSLProvider provider;

    private ProviderInstallerImpl() {}

    public static void insertProvider(Context context) {
        synchronized (LOCK) {
            if (provider == null) {
                provider = new OpenSSLProvider("GmsCore_OpenSSL");
            }
            if (Security.getProvider(provider.getName()) == null) {
                Security.insertProviderAt(provider, 1);
            }
        }
    }
}
