package com.example.probe;

import android.security.NetworkSecurityPolicy;
import android.security.net.config.ApplicationConfig;
import android.security.net.config.NetworkSecurityConfig;
import android.security.net.config.NetworkSecurityConfigProvider;
import android.security.net.config.Pin;
import android.security.net.config.PinSet;
import android.security.net.config.SystemCertificateSource;
import com.android.internal.probe.Net;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The platform's TLS set-up at process start, as ActivityThread.handleBindApplication does it: the
 * app's network security config (res/xml/network_security_config.xml, given here as data) installed
 * as the AndroidNSSP provider, and the default SSLContext built like Conscrypt's
 * DefaultSSLContextImpl (TrustManagerFactory.init(null) -> RootTrustManager). From then on
 * HttpsURLConnection and OkHttp's platform trust manager go through Conscrypt's lookup path.
 */
public final class PlatformTls {
    static final String PINNED_HOST = "pinned.probe.example.com";
    static final String CT_HOST = "ct.probe.example.com";
    static final String OKHTTP_PINNED_HOST = "okpin.probe.example.com";
    static final String GMS_HOST = "gms.probe.example.com";
    /** A pin no certificate matches (the SHA-256 of a fixed text): the proxy's certificate fails it. */
    static final byte[] PIN = sha256("probe pin that matches no key");

    private PlatformTls() {}

    static void install() throws GeneralSecurityException {
        List<java.security.cert.X509Certificate> system = SystemCertificateSource.getCertificates();
        NetworkSecurityConfig base = new NetworkSecurityConfig(system, PinSet.EMPTY_PINSET);
        NetworkSecurityConfig pinned = new NetworkSecurityConfig(system,
                new PinSet(Set.of(new Pin("SHA-256", PIN)), Long.MAX_VALUE));
        NetworkSecurityConfigProvider.install(new ApplicationConfig(base, Map.of(PINNED_HOST, pinned)));
        NetworkSecurityPolicy.getInstance().requireCertificateTransparency(CT_HOST);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((java.security.KeyStore) null);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLContext.setDefault(context);
        HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * `tls`: one HTTPS request per trust path (platform default, network-security-config pin, CT
     * required, OkHttp with a CertificatePinner pin); the reply counts those that got an answer.
     */
    static String run() {
        List<String> passed = new ArrayList<>();
        String api = "https://api.probe.example.com/v1/tls";
        if (urlConnection(api + "?path=platform") > 0) {
            passed.add("platform");
        }
        if (urlConnection("https://" + PINNED_HOST + "/v1/tls?path=nsc_pin") > 0) {
            passed.add("nsc_pin");
        }
        if (urlConnection("https://" + CT_HOST + "/v1/tls?path=ct") > 0) {
            passed.add("ct");
        }
        okhttp3.CertificatePinner pinner = new okhttp3.CertificatePinner.Builder()
                .add(OKHTTP_PINNED_HOST, "sha256/" + java.util.Base64.getEncoder().encodeToString(PIN)).build();
        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient.Builder().certificatePinner(pinner).build();
        try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder()
                .url("https://" + OKHTTP_PINNED_HOST + "/v1/tls?path=okhttp_pin").build()).execute()) {
            Net.note("app GET okhttp_pin -> " + r.code());
            passed.add("okhttp_pin");
        } catch (IOException e) {
            Net.note("app GET okhttp_pin failed: " + e.getClass().getName() + ": " + e.getMessage());
        }
        return "ok tls " + passed.size() + "/4 " + String.join(",", passed);
    }

    /**
     * `tls_gms`: what an app that calls ProviderInstaller.installIfNeeded at start does next: its
     * TrustManagerFactory comes from Play services' GmsCore_OpenSSL (inserted first), and one HTTPS
     * request goes through that copy of Conscrypt's lookup path.
     */
    static String runGms(android.content.Context context) {
        try {
            com.google.android.gms.security.ProviderInstaller.installIfNeeded(context);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init((java.security.KeyStore) null);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            int status = urlConnection("https://" + GMS_HOST + "/v1/tls?path=gms_conscrypt", ssl);
            return "ok tls_gms " + (status > 0 ? 1 : 0) + "/1 " + tmf.getProvider().getName();
        } catch (GeneralSecurityException | com.google.android.gms.common.GooglePlayServicesNotAvailableException e) {
            return "err tls_gms " + e;
        }
    }

    private static int urlConnection(String url) {
        return urlConnection(url, null);
    }

    private static int urlConnection(String url, SSLContext context) {
        try {
            HttpsURLConnection c = (HttpsURLConnection) new URL(url).openConnection();
            if (context != null) {
                c.setSSLSocketFactory(context.getSocketFactory());
            }
            c.setConnectTimeout(3000);
            c.setReadTimeout(5000);
            int status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            Net.note("app GET " + url + " -> " + status);
            return status;
        } catch (IOException | RuntimeException e) {
            Net.note("app GET " + url + " failed: " + e.getClass().getName() + ": " + e.getMessage());
            return -1;
        }
    }
}
