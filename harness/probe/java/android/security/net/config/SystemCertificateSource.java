package android.security.net.config;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Stand-in for android.security.net.config.SystemCertificateSource (frameworks/base,
 * android-13.0.0_r1), the system CA store (/system/etc/security/cacerts, on API 34+ the Conscrypt
 * APEX). On the JVM the system store is the JVM's trust store: javax.net.ssl.trustStore when set
 * (the stand-in for `--system-ca`), else the JDK's cacerts. Simplified: one list, no hashed-name
 * directory lookups, no user-removed certificates.
 */
public final class SystemCertificateSource {
    private static List<X509Certificate> certificates;

    private SystemCertificateSource() {}

    public static synchronized List<X509Certificate> getCertificates() {
        if (certificates == null) {
            certificates = Collections.unmodifiableList(load());
        }
        return certificates;
    }

    private static List<X509Certificate> load() {
        String path = System.getProperty("javax.net.ssl.trustStore");
        String password = System.getProperty("javax.net.ssl.trustStorePassword", "changeit");
        String type = System.getProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType());
        Path file = path != null ? Path.of(path) : Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(path != null ? type : KeyStore.getDefaultType());
            ks.load(in, password.toCharArray());
            for (Enumeration<String> e = ks.aliases(); e.hasMoreElements();) {
                if (ks.getCertificate(e.nextElement()) instanceof X509Certificate cert) {
                    out.add(cert);
                }
            }
        } catch (Exception e) {
            System.err.println("NET system CA store " + file + " unreadable: " + e);
        }
        return out;
    }
}
