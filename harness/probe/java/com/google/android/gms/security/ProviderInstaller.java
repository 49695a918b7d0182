package com.google.android.gms.security;

import android.content.Context;
import com.google.android.gms.common.GooglePlayServicesNotAvailableException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stand-in for the client library's ProviderInstaller (play-services-basement): installIfNeeded
 * reaches into Play services' own package, loads
 * com.google.android.gms.common.security.ProviderInstallerImpl through that package's class loader
 * and calls insertProvider, which puts Play services' Conscrypt copy first as "GmsCore_OpenSSL".
 * The app never links that code: it arrives late, in a class loader of its own, which is what the
 * agent's TLS hooks must find. Simplified: the Play services "package" is the folder gms-package/
 * beside the probe's classes (built from harness/probe/gms and a shaded copy of the Conscrypt
 * stand-in), its loader's parent is the app's loader (the framework stand-ins live there), and
 * there is no version check, no remote context and no async variant.
 */
public final class ProviderInstaller {
    public static final String PROVIDER_NAME = "GmsCore_OpenSSL";
    private static final String IMPL = "com.google.android.gms.common.security.ProviderInstallerImpl";
    private static final int SERVICE_MISSING = 1;
    private static ClassLoader gmsLoader;

    private ProviderInstaller() {}

    public static synchronized void installIfNeeded(Context context) throws GooglePlayServicesNotAvailableException {
        try {
            Class<?> impl = Class.forName(IMPL, true, gmsClassLoader());
            impl.getMethod("insertProvider", Context.class).invoke(null, context);
        } catch (ReflectiveOperationException | MalformedURLException | java.net.URISyntaxException | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            System.err.println("NET ProviderInstaller: failed to install provider: " + cause);
            throw new GooglePlayServicesNotAvailableException(SERVICE_MISSING);
        }
    }

    private static ClassLoader gmsClassLoader() throws MalformedURLException, java.net.URISyntaxException {
        if (gmsLoader == null) {
            Path classes = Path.of(ProviderInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path gms = classes.resolve("gms-package");
            if (!Files.isDirectory(gms)) {
                throw new IllegalStateException(gms + ": Play services package not installed");
            }
            gmsLoader = new URLClassLoader("gms-package", new URL[] {gms.toUri().toURL()},
                    ProviderInstaller.class.getClassLoader());
        }
        return gmsLoader;
    }
}
