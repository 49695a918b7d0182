package com.android.internal.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
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
    private static HttpClient client;

    private Net() {}

    public static synchronized void setLog(PrintStream stream) {
        log = stream;
    }

    private static synchronized void note(String line) {
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

    private static synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_2)
                    .proxy(ProxySelector.getDefault())
                    .connectTimeout(Duration.ofSeconds(3))
                    .build();
        }
        return client;
    }

    /** java.net.http.HttpClient GET, HTTP/2 preferred; returns the status or -1 on failure. */
    public static int http2Get(String actor, String url, String... headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(8))
                    .header("User-Agent", USER_AGENT).GET();
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            HttpResponse<byte[]> r = client().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            note(actor + " GET " + url + " -> " + r.statusCode() + " " + r.version());
            return r.statusCode();
        } catch (IOException | RuntimeException e) {
            note(actor + " GET " + url + " failed: " + e.getClass().getName() + ": " + e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            note(actor + " GET " + url + " interrupted");
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
