// Sends the planted requests through an HTTP proxy with HttpURLConnection, trusting one CA PEM.
// Usage: java SendRequests PROXY_PORT CA_PEM SPEC_FILE
// SPEC_FILE lines: METHOD \t URL \t base64("Name: value\n"...) \t base64(body)
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.KeyStore;
import java.security.cert.*;
import java.util.Base64;
import javax.net.ssl.*;

public class SendRequests {
    public static void main(String[] args) throws Exception {
        Proxy proxy = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])));
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = new FileInputStream(args[1])) {
            ks.setCertificateEntry("harness-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        HttpsURLConnection.setDefaultSSLSocketFactory(ctx.getSocketFactory());
        for (String line : Files.readAllLines(Paths.get(args[2]), StandardCharsets.UTF_8)) {
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", -1);
            HttpURLConnection c = (HttpURLConnection) new URL(f[1]).openConnection(proxy);
            c.setRequestMethod(f[0]);
            c.setConnectTimeout(5000);
            c.setReadTimeout(5000);
            for (String h : new String(Base64.getDecoder().decode(f[2]), StandardCharsets.UTF_8).split("\n")) {
                int i = h.indexOf(": ");
                if (i > 0) c.setRequestProperty(h.substring(0, i), h.substring(i + 2));
            }
            byte[] body = Base64.getDecoder().decode(f[3]);
            if (body.length > 0) {
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) { out.write(body); }
            }
            System.out.println(c.getResponseCode() + " " + f[1]);
            c.disconnect();
        }
    }
}
