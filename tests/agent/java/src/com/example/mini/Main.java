package com.example.mini;

import android.app.ApplicationPackageManager;
import android.content.ContentResolver;
import android.location.Location;
import android.location.LocationManager;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny app for the agent tests: one command per stdin line, values and "ok" on stdout. */
public final class Main {
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final MainActivity ACTIVITY = new MainActivity();

    private static void v(String api, Object value) { OUT.println("V\t" + api + "\t" + value); }

    /** A pin no key matches: the proxy's certificate always fails it. */
    static final String PIN = "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    /**
     * GET https://HOST/ with the real OkHttp 3 through the proxy on 127.0.0.1:PORT; `pin` adds a
     * CertificatePinner pin, `obfuscated` checks the chain with the renamed pinner a.b afterwards.
     */
    static String okhttp(int port, String mode, String host, boolean obfuscated) {
        okhttp3.OkHttpClient.Builder b = new okhttp3.OkHttpClient.Builder()
                .proxy(new java.net.Proxy(java.net.Proxy.Type.HTTP, new java.net.InetSocketAddress("127.0.0.1", port)))
                .connectTimeout(20, java.util.concurrent.TimeUnit.SECONDS)
                .readTimeout(20, java.util.concurrent.TimeUnit.SECONDS);
        if (mode.equals("pin")) {
            b.certificatePinner(new okhttp3.CertificatePinner.Builder().add(host, PIN).build());
        }
        try (okhttp3.Response r = b.build().newCall(new okhttp3.Request.Builder()
                .url("https://" + host + "/mini?mode=" + mode).build()).execute()) {
            if (obfuscated) {
                new com.example.mini.a.b(PIN).a(host, r.handshake().peerCertificates());
            }
            return "status " + r.code();
        } catch (Exception e) {
            return "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage().split("\n")[0];
        }
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        OUT.println("READY " + ProcessHandle.current().pid());
        String line;
        while ((line = in.readLine()) != null) {
            String[] p = line.trim().split(" ");
            switch (p[0]) {
                case "ids" -> {
                    TelephonyManager tm = new TelephonyManager();
                    ContentResolver cr = new ContentResolver();
                    v("getDeviceId", tm.getDeviceId());
                    v("getDeviceId(1)", tm.getDeviceId(1));
                    v("getSubscriberId", tm.getSubscriberId());
                    v("android_id", Settings.Secure.getString(cr, "android_id"));
                    v("device_name", Settings.Secure.getString(cr, "bluetooth_name"));
                    ApplicationPackageManager pm = new ApplicationPackageManager();
                    v("own", pm.getPackageInfo("com.example.mini", 0));
                    v("other", pm.getPackageInfo("com.tencent.mm", 0));
                    v("installed", pm.getInstalledPackages(0));
                    Location loc = new LocationManager().getLastKnownLocation("gps");
                    v("location", loc);
                    ACTIVITY.requestPermissions(new String[] {"android.permission.READ_PHONE_STATE",
                        "android.permission.ACCESS_FINE_LOCATION"}, 7);
                    OUT.println("ok");
                }
                case "sdk" -> { v("sdk", com.umeng.analytics.MiniSdk.collect()); OUT.println("ok"); }
                case "resume" -> { ACTIVITY.onResume(); OUT.println("ok"); }
                case "pause" -> { ACTIVITY.onPause(); OUT.println("ok"); }
                case "throw" -> {
                    try {
                        v("meid", new TelephonyManager().getMeid());
                    } catch (SecurityException e) {
                        v("meid_thrown", e.getClass().getName() + ": " + e.getMessage());
                    }
                    OUT.println("ok");
                }
                case "burst", "burst_exit" -> {
                    int n = Integer.parseInt(p[1]);
                    TelephonyManager tm = new TelephonyManager();
                    long t0 = System.nanoTime();
                    int len = 0;
                    for (int i = 0; i < n; i++) len += tm.getDeviceId().length();
                    long dt = System.nanoTime() - t0;
                    if (p[0].equals("burst_exit")) System.exit(len == 15 * n ? 0 : 1);
                    OUT.println("ok " + dt);
                }
                case "read" -> { v("read " + p[1], Files.readString(Path.of(p[1])).split("\n")[0]); OUT.println("ok"); }
                case "okhttp" -> { v("okhttp", okhttp(Integer.parseInt(p[1]), p[2], p[3], false)); OUT.println("ok"); }
                case "obfpin" -> { v("obfpin", okhttp(Integer.parseInt(p[1]), "nopin", p[2], true)); OUT.println("ok"); }
                case "late" -> {
                    try (URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(p[1]).toUri().toURL()},
                            Main.class.getClassLoader())) {
                        Class<?> c = loader.loadClass("com.late.LateApi");
                        Object api = c.getConstructor().newInstance();
                        int rounds = p.length > 2 ? Integer.parseInt(p[2]) : 1;
                        long pause = p.length > 3 ? Long.parseLong(p[3]) : 0;
                        for (int i = 0; i < rounds; i++) {
                            v("late", c.getMethod("secret").invoke(api));
                            Thread.sleep(pause);
                        }
                    }
                    OUT.println("ok");
                }
                case "exit" -> { OUT.println("ok"); System.exit(0); }
                default -> OUT.println("err unknown " + p[0]);
            }
        }
    }
}
