package com.android.internal.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * HTTP for the app and SDK stand-ins, through the JVM's proxy settings. Never throws: a network
 * failure (no proxy, a 502, a TLS refusal) is logged to stderr and the caller goes on, like an
 * SDK that swallows its upload errors.
 */
public final class Net {
    public static final String USER_AGENT = "Dalvik/2.1.0 (Linux; U; Android 13; Pixel 6 Build/TQ3A.230805.001)";
    private static PrintStream log = System.err;
    private static okhttp3.OkHttpClient okClient;

    private Net() {}

    public static synchronized void setLog(PrintStream stream) {
        log = stream;
    }

    public static synchronized void note(String line) {
        log.println("NET " + line);
        log.flush();
    }

    /** HttpURLConnection request; returns the status or -1 on failure. */
    public static int send(String actor, String method, String url, String contentType, String body,
            String... headers) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout(3000);
            c.setReadTimeout(5000);
            c.setRequestMethod(method);
            c.setRequestProperty("User-Agent", USER_AGENT);
            for (int i = 0; i + 1 < headers.length; i += 2) {
                c.setRequestProperty(headers[i], headers[i + 1]);
            }
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", contentType);
                c.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            if (in != null) {
                try (in) {
                    in.readAllBytes();
                }
            }
            note(actor + " " + method + " " + url + " -> " + status);
            return status;
        } catch (IOException | RuntimeException e) {
            note(actor + " " + method + " " + url + " failed: " + e.getClass().getName() + ": " + e.getMessage());
            return -1;
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static synchronized okhttp3.OkHttpClient okClient() {
        if (okClient == null) {
            // Proxy from ProxySelector.getDefault() (the JVM's https.proxyHost), trust from the default
            // TrustManagerFactory, HTTP/2 by ALPN: OkHttp's own defaults, as an SDK bundling it gets them.
            okClient = new okhttp3.OkHttpClient.Builder()
                    .connectTimeout(3, java.util.concurrent.TimeUnit.SECONDS)
                    .readTimeout(8, java.util.concurrent.TimeUnit.SECONDS)
                    .build();
        }
        return okClient;
    }

    /**
     * A request through the real OkHttp 3 client (Debian's libokhttp-java); returns the status or -1.
     * A body of null sends no body (GET); the log line names the protocol OkHttp negotiated.
     */
    public static int okhttp(String actor, String method, String url, String contentType, String body,
            String... headers) {
        okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(url).header("User-Agent", USER_AGENT);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        okhttp3.RequestBody rb = body == null ? null
                : okhttp3.RequestBody.create(okhttp3.MediaType.parse(contentType), body.getBytes(StandardCharsets.UTF_8));
        try (okhttp3.Response r = okClient().newCall(b.method(method, rb).build()).execute()) {
            if (r.body() != null) {
                r.body().bytes();
            }
            note(actor + " " + method + " " + url + " -> " + r.code() + " " + r.protocol());
            return r.code();
        } catch (IOException | RuntimeException e) {
            note(actor + " " + method + " " + url + " failed: " + e.getClass().getName() + ": " + e.getMessage());
            return -1;
        }
    }

    public static String hex(String algorithm, String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(
                    value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    public static String url(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A JSON string literal. */
    public static String q(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
