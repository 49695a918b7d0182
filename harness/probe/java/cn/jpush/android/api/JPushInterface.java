package cn.jpush.android.api;

import android.content.Context;
import android.provider.Settings;
import com.android.internal.probe.Net;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * JPush stand-in: push SDKs keep their own long-lived TCP connection to a hard-coded server,
 * opened with a plain socket, so the HTTP proxy setting never applies and the audit proxy never
 * sees it. init registers the device (Android ID) over that socket. The server is
 * PROBE_PUSH_ENDPOINT ("host:port", a test's own listener) or, when unset, a closed loopback port
 * (the connect is refused, the attempt is still made): never a real JPush host.
 */
public final class JPushInterface {
    private JPushInterface() {}

    public static void init(Context context) {
        String androidId = Settings.Secure.getString(context.getContentResolver(), "android_id");
        InetSocketAddress server = endpoint();
        try (Socket s = new Socket(Proxy.NO_PROXY)) {
            s.connect(server, 3000);
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write(("JPUSH/1 REG appkey=probe-jpush-key did=" + androidId + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            in.readAllBytes();
            Net.note("jpush TCP " + server + " -> registered");
        } catch (IOException e) {
            Net.note("jpush TCP " + server + " failed: " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static InetSocketAddress endpoint() {
        String spec = System.getenv("PROBE_PUSH_ENDPOINT");
        if (spec != null && spec.lastIndexOf(':') > 0) {
            int colon = spec.lastIndexOf(':');
            return new InetSocketAddress(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1)));
        }
        try (ServerSocket closed = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), closed.getLocalPort());
        } catch (IOException e) {
            return new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 9);
        }
    }
}
