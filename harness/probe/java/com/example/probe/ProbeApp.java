package com.example.probe;

import android.app.Activity;
import android.app.ContextImpl;
import android.content.pm.ProviderInfo;
import android.os.Build;
import com.android.internal.probe.DeviceState;
import com.android.internal.probe.Net;
import com.android.internal.probe.ValuesLog;
import com.example.probe.ui.Navigator;
import com.example.probe.ui.ProbeEffects;
import com.example.probe.ui.Variant;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The probe app's process: the "framework" that creates the Application and Activity, and the
 * control channel scenarios drive it through. App actions run one at a time on the JVM's main
 * thread (the stand-in for Android's main looper); a reply is written once the action, including
 * its HTTP requests, has finished.
 */
public final class ProbeApp {
    static final String PACKAGE = "com.example.probe";

    private final boolean zh;
    private final long pollIntervalMs;
    private final BlockingQueue<FutureTask<String>> looper = new LinkedBlockingQueue<>();
    private final ContextImpl base = ContextImpl.createAppContext(PACKAGE);
    private final ProbeApplication app = new ProbeApplication();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "location-poller");
        t.setDaemon(true);
        return t;
    });
    private final ReentrantLock pollLock = new ReentrantLock();
    private MainActivity activity;
    private Activity exerciseActivity;
    private ScheduledFuture<?> polling;

    private volatile String state = "not_started";
    private volatile String consent = "pending";
    private volatile boolean foreground;
    private volatile int polls;
    private final Variant variant;
    private final Navigator nav;

    private ProbeApp(boolean zh, long pollIntervalMs, Variant variant) {
        this.zh = zh;
        this.pollIntervalMs = pollIntervalMs;
        this.variant = variant;
        this.nav = new Navigator(variant, zh, new ProbeEffects(() -> activity));
        app.attach(base);
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        boolean zh = true;
        String valuesLog = null;
        long pollMs = 2000;
        boolean watchStdin = false;
        Variant variant = Variant.CLEAN;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String next = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--control-port" -> { port = Integer.parseInt(need(a, next)); i++; }
                case "--lang" -> {
                    String l = need(a, next);
                    if (!l.equals("zh") && !l.equals("en")) {
                        usage("--lang must be zh or en");
                    }
                    zh = l.equals("zh");
                    i++;
                }
                case "--values-log" -> { valuesLog = need(a, next); i++; }
                case "--poll-interval-ms" -> { pollMs = Long.parseLong(need(a, next)); i++; }
                case "--watch-stdin" -> watchStdin = true;
                case "--variant" -> {
                    variant = Variant.of(need(a, next));
                    if (variant == null) {
                        usage("--variant must be one of " + String.join(", ", Variant.ids()));
                    }
                    i++;
                }
                case "--youth" -> {
                    String y = need(a, next);
                    if (!y.equals("compliant") && !y.equals("leaky")) {
                        usage("--youth must be compliant or leaky");
                    }
                    Persona.youthPolicy = y;
                    i++;
                }
                default -> usage("unknown argument " + a);
            }
        }
        if (pollMs < 1) {
            usage("--poll-interval-ms must be >= 1");
        }
        PrintStream out = new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setErr(err);
        Net.setLog(err);
        confineNetwork(err);
        PlatformTls.install();
        ProbeApp probe = new ProbeApp(zh, pollMs, variant);
        ServerSocket server = new ServerSocket(port, 8, InetAddress.getLoopbackAddress());
        PrintStream values = valuesLog == null ? out
                : new PrintStream(new FileOutputStream(valuesLog), true, StandardCharsets.UTF_8);
        out.println("PROBE_READY port=" + server.getLocalPort() + " pid=" + ProcessHandle.current().pid());
        out.flush();
        ValuesLog.open(values);
        Thread acceptor = new Thread(() -> probe.accept(server), "probe-control");
        acceptor.setDaemon(true);
        acceptor.start();
        if (watchStdin) {
            Thread watcher = new Thread(ProbeApp::watchStdin, "probe-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
        probe.loop();
    }

    private static String need(String flag, String value) {
        if (value == null) {
            usage(flag + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("probe: " + problem
                + " (usage: ProbeApp [--control-port N] [--lang zh|en] [--values-log FILE] [--poll-interval-ms N] [--watch-stdin] [--youth compliant|leaky] [--variant NAME])");
        System.exit(2);
    }

    /** Without a proxy the app must still never reach the internet: aim it at a closed loopback port. */
    private static void confineNetwork(PrintStream err) throws IOException {
        boolean http = System.getProperty("http.proxyHost") != null;
        boolean https = System.getProperty("https.proxyHost") != null;
        if (http && https) {
            return;
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        for (String scheme : new String[] {"http", "https"}) {
            if (System.getProperty(scheme + ".proxyHost") == null) {
                System.setProperty(scheme + ".proxyHost", "127.0.0.1");
                System.setProperty(scheme + ".proxyPort", Integer.toString(closed));
            }
        }
        err.println("probe: no proxy configured; requests go to closed port 127.0.0.1:" + closed + " and fail");
    }

    /** The parent died (our stdin closed): do not outlive it. */
    private static void watchStdin() {
        try {
            InputStream in = System.in;
            while (in.read() >= 0) {
                // ignore input
            }
        } catch (IOException e) {
            // fall through
        }
        System.exit(0);
    }

    /** The main looper: runs app actions one at a time on the JVM's main thread. */
    private void loop() throws InterruptedException {
        while (true) {
            looper.take().run();
        }
    }

    private String onMain(Callable<String> action) {
        FutureTask<String> task = new FutureTask<>(action);
        looper.add(task);
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            c.printStackTrace();
            return "err " + c.getClass().getName() + ": " + c.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "err interrupted";
        }
    }

    private void accept(ServerSocket server) {
        int n = 0;
        while (true) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "probe-control-" + (++n));
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty()) {
                    continue;
                }
                String reply = handle(line);
                boolean exit = reply.startsWith("ok ") && ("exited".equals(state));
                out.write((reply.replace("\n", " ").replace("\r", " ") + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (exit) {
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().exit(0);
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private String handle(String line) {
        int sp = line.indexOf(' ');
        String cmd = sp < 0 ? line : line.substring(0, sp);
        String rest = sp < 0 ? "" : line.substring(sp + 1).strip();
        switch (cmd) {
            case "ping":
                return "ok pong";
            case "state":
                return "ok " + state + " consent=" + consent + " foreground=" + foreground
                        + " youth=" + (Persona.youthMode() ? "on" : "off") + " polls=" + polls;
            case "focus":
                return "ok activity=" + activity() + " screen=" + ("main".equals(state) ? nav.screen() : state)
                        + " variant=" + variant.id;
            case "ui":
                return "ok " + Ui.dump(state, zh, nav);
            case "screens":
                return "ok " + String.join(" ", nav.reachableScreens());
            case "help":
                return "ok commands: start state focus ui tap back scroll input screens agree decline home resume "
                        + "poll_location paste feature exercise exercise_sdk burst profile plant persona shop tls ping exit";
            default:
                break;
        }
        if ("exited".equals(state)) {
            return "err app has exited";
        }
        return switch (cmd) {
            case "start" -> onMain(this::start);
            case "agree" -> onMain(this::agree);
            case "decline" -> onMain(this::decline);
            case "home" -> onMain(this::home);
            case "resume" -> onMain(this::resume);
            case "paste" -> onMain(this::paste);
            case "exit" -> onMain(this::exit);
            case "tap" -> rest.isEmpty() ? "err tap needs a text" : onMain(() -> tap(rest));
            case "back" -> onMain(this::back);
            case "scroll" -> onMain(this::scroll);
            case "input" -> onMain(() -> input(rest));
            case "feature" -> rest.isEmpty() ? "err feature needs a name" : onMain(() -> feature(rest));
            case "poll_location" -> onMain(() -> pollLocation(rest));
            case "exercise" -> onMain(() -> "ok exercised " + com.example.probe.ProbeExercise.run(base, exerciseActivity()));
            case "exercise_sdk" -> onMain(() -> exerciseSdk(rest.isEmpty() ? "umeng" : rest));
            case "burst" -> onMain(() -> burst(rest));
            case "profile" -> onMain(() -> "ok " + Profile.json());
            case "plant" -> onMain(() -> plant(rest));
            case "tls" -> onMain(PlatformTls::run);
            case "tls_gms" -> onMain(() -> PlatformTls.runGms(base));
            case "persona" -> onMain(() -> persona(rest));
            case "shop" -> onMain(this::shop);
            default -> "err unknown command " + cmd;
        };
    }

    private Activity exerciseActivity() {
        if (activity != null) {
            return activity;
        }
        if (exerciseActivity == null) {
            exerciseActivity = new Activity();
            exerciseActivity.attach(base);
        }
        return exerciseActivity;
    }

    private String start() {
        if (!"not_started".equals(state)) {
            return "err already started (" + state + ")";
        }
        ProviderInfo info = new ProviderInfo();
        info.authority = PACKAGE + ".init";
        info.name = ProbeInitProvider.class.getName();
        info.packageName = PACKAGE;
        new ProbeInitProvider().attachInfo(app, info);
        app.onCreate();
        activity = new MainActivity();
        activity.attach(app);
        activity.onCreate(null);
        activity.onResume();
        foreground = true;
        activity.requestLaunchPermissions();
        state = "consent_dialog";
        if (variant == Variant.NO_POLICY_PROMPT) {
            // The seeded flaw: no policy prompt at all; the app behaves as if the user had agreed.
            consent = "implied";
            state = "main";
            activity.onAgree();
        }
        return "ok " + state;
    }

    private String agree() {
        if (!"consent_dialog".equals(state)) {
            return "err no consent dialog showing (" + state + ")";
        }
        consent = "agreed";
        state = "main";
        if (Persona.youthMode()) {
            return "ok " + state + " youth_mode";  // a child: nothing beyond the basic function until a guardian consents
        }
        activity.onAgree();
        return "ok " + state;
    }

    private String decline() {
        if (!"consent_dialog".equals(state)) {
            return "err no consent dialog showing (" + state + ")";
        }
        consent = "declined";
        com.umeng.analytics.MobclickAgent.onEvent(app, "privacy_decline");
        return "ok exiting " + quit();
    }

    /** Leaves like Activity.finish + System.exit: onPause if showing, no more polling; caller exits after the reply. */
    private String quit() {
        stopPolling();
        if (foreground) {
            activity.onPause();
            foreground = false;
        }
        state = "exited";
        return "code=0";
    }

    private String exit() {
        if (activity == null) {
            state = "exited";
            return "ok bye";
        }
        quit();
        return "ok bye";
    }

    private String home() {
        if (activity == null) {
            return "err not started";
        }
        if (!foreground) {
            return "ok " + state;
        }
        activity.onPause();
        foreground = false;
        String previous = state;
        state = "background";
        if ("agreed".equals(consent) && !Persona.youthMode()) {  // youth mode: no background tracking
            pollLock.lock();
            try {
                polling = poller.scheduleAtFixedRate(this::backgroundPoll, 0, pollIntervalMs, TimeUnit.MILLISECONDS);
            } finally {
                pollLock.unlock();
            }
        }
        return "ok " + state + (previous.equals("consent_dialog") ? " dialog=pending" : "");
    }

    private void backgroundPoll() {
        pollLock.lock();
        try {
            if (polling == null || polling.isCancelled()) {
                return;
            }
            activity.pollLocationOnce();
            polls++;
        } catch (RuntimeException e) {
            e.printStackTrace();
        } finally {
            pollLock.unlock();
        }
    }

    private void stopPolling() {
        pollLock.lock();
        try {
            if (polling != null) {
                polling.cancel(false);
                polling = null;
            }
        } finally {
            pollLock.unlock();
        }
    }

    private String resume() {
        if (activity == null) {
            return "err not started";
        }
        if (foreground) {
            return "ok " + state;
        }
        stopPolling();
        activity.onResume();
        foreground = true;
        state = "pending".equals(consent) ? "consent_dialog" : "main";
        return "ok " + state;
    }

    private String needMain() {
        if (!"main".equals(state)) {
            return "err not on the main screen (" + state + ")";
        }
        return null;
    }

    private String paste() {
        String bad = needMain();
        if (bad != null) {
            return bad;
        }
        activity.paste();
        return "ok pasted";
    }

    private String feature(String name) {
        String bad = needMain();
        if (bad != null) {
            return bad;
        }
        String problem = activity.feature(name);
        return problem == null ? "ok feature " + name : "err " + problem;
    }

    private String pollLocation(String args) {
        String[] p = args.split("\\s+");
        long interval;
        int count;
        try {
            if (p.length != 2) {
                throw new NumberFormatException();
            }
            interval = Long.parseLong(p[0]);
            count = Integer.parseInt(p[1]);
            if (interval < 0 || count < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            return "err usage: poll_location <interval_ms> <count>";
        }
        if (activity == null) {
            return "err not started";
        }
        for (int i = 0; i < count; i++) {
            if (i > 0 && interval > 0) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "err interrupted";
                }
            }
            pollLock.lock();
            try {
                activity.pollLocationOnce();
                polls++;
            } finally {
                pollLock.unlock();
            }
        }
        return "ok polled " + count;
    }

    private String tap(String label) {
        String action = Ui.actionFor(state, zh, label, nav);
        if (action == null) {
            return "err no clickable node with text, content-desc or resource-id '" + label + "' on " + state;
        }
        String reply = switch (action) {
            case "agree" -> agree();
            case "decline" -> decline();
            case "paste" -> paste();
            case "open_policy" -> "ok policy shown";
            case "noop" -> "ok no change";
            case "launch_icon" -> switch (state) {
                case "not_started" -> start();
                case "background" -> resume();
                default -> "err app not running";
            };
            default -> action.startsWith("feature ") ? feature(action.substring(8)) : screenAction(action);
        };
        return reply.startsWith("ok ") ? "ok tapped " + label + ": " + reply.substring(3) : reply;
    }

    /** An action of the navigator's screens (settings, account, privacy, help, policy). */
    private String screenAction(String action) {
        String bad = needMain();
        if (bad != null) {
            return bad;
        }
        String reply = nav.perform(action);
        if (reply == null) {
            return "err no action " + action;
        }
        if ("withdraw".equals(action) && variant != Variant.COLLECTION_AFTER_WITHDRAWAL) {
            consent = "withdrawn";
        }
        return "ok " + reply;
    }

    /** Android's back key: within the app's screens, else like leaving the root activity (background). */
    private String back() {
        if (!"main".equals(state)) {
            return "ok " + state;
        }
        String reply = nav.back();
        return "home".equals(reply) ? home() : "ok " + reply;
    }

    private String scroll() {
        String bad = needMain();
        return bad != null ? bad : "ok " + nav.scroll();
    }

    private String input(String args) {
        int sp = args.indexOf(' ');
        if (sp <= 0) {
            return "err usage: input <resource-id> <text>";
        }
        String bad = needMain();
        if (bad != null) {
            return bad;
        }
        String field = args.substring(0, sp);
        if (nav.atHome() && field.endsWith("search_box")) {
            return "ok typed " + (args.length() - sp - 1) + " chars";
        }
        String reply = nav.input(field, args.substring(sp + 1));
        return reply == null ? "err no text field " + field + " on this screen" : "ok " + reply;
    }

    /** The focused activity, as `dumpsys window` would name it. */
    private String activity() {
        return switch (state) {
            case "main" -> nav.activity();
            case "consent_dialog" -> PACKAGE + "/.MainActivity";
            default -> Ui.LAUNCHER + "/.Launcher";
        };
    }

    private String exerciseSdk(String sdk) {
        int n = switch (sdk) {
            case "umeng" -> com.umeng.analytics.pro.ProbeExercise.run(base, exerciseActivity());
            case "bugly" -> com.tencent.bugly.crashreport.inner.ProbeExercise.run(base, exerciseActivity());
            case "google_ads" -> com.google.android.gms.ads.internal.ProbeExercise.run(base, exerciseActivity());
            default -> -1;
        };
        return n < 0 ? "err unknown sdk " + sdk + " (umeng, bugly, google_ads)" : "ok exercised " + n + " sdk=" + sdk;
    }

    private String burst(String arg) {
        String[] p = arg.strip().split("\\s+");
        int n;
        try {
            n = Integer.parseInt(p[0]);
            if (n < 0 || p.length > 2 || (p.length == 2 && !p[1].equals("imei"))) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            return "err usage: burst <n> [imei]";
        }
        return "ok " + Burst.run(base, n, p.length == 2);
    }

    private String persona(String spec) {
        String problem = Persona.apply(spec);
        return problem == null ? "ok persona " + Persona.attributes.size() + " attribute(s)" : "err " + problem;
    }

    /** The shop screen: item list and three item details, with what the app knows about its user. */
    private String shop() {
        String bad = needMain();
        if (bad != null) {
            return bad;
        }
        boolean returning = "true".equals(Persona.get("account.returning", "false"));
        String[] headers = {
            "X-Member-Level", Persona.get("account.member", ""),
            "X-Account-Age-Days", Persona.get("account.age_days", ""),
            "X-Network", Persona.get("network.type", "wifi"),
            "Accept-Language", Persona.get("locale", zh ? "zh-CN" : "en-US"),
            "Cookie", returning ? "uid=" + Persona.userId : "",
        };
        int n = com.example.probe.shop.Shop.browse(Persona.userAgent(), headers, 3);
        return n > 0 ? "ok shop " + n : "err shop unreachable";
    }

    private String plant(String args) {
        int sp = args.indexOf(' ');
        if (sp <= 0) {
            return "err usage: plant <kind> <value>";
        }
        String kind = args.substring(0, sp);
        String problem = DeviceState.plant(kind, args.substring(sp + 1).strip());
        return problem == null ? "ok planted " + kind : "err " + problem;
    }

    /** The device profile (stand-in values and canaries) as one JSON line. */
    static final class Profile {
        private Profile() {}

        static String json() {
            StringBuilder d = new StringBuilder("{");
            Map<String, String> ids = DeviceState.ids();
            for (Map.Entry<String, String> e : ids.entrySet()) {
                d.append(Net.q(e.getKey())).append(':').append(Net.q(e.getValue())).append(',');
            }
            d.append("\"location\":").append(Net.q(DeviceState.latitude + "," + DeviceState.longitude))
                    .append(",\"latitude\":").append(DeviceState.latitude)
                    .append(",\"longitude\":").append(DeviceState.longitude)
                    .append(",\"clipboard\":").append(Net.q(DeviceState.clipboard))
                    .append(",\"contacts\":[");
            List<String[]> contacts = DeviceState.contacts();
            for (int i = 0; i < contacts.size(); i++) {
                d.append(i == 0 ? "" : ",").append("{\"name\":").append(Net.q(contacts.get(i)[0]))
                        .append(",\"number\":").append(Net.q(contacts.get(i)[1])).append('}');
            }
            d.append("],\"package\":\"").append(PACKAGE).append("\"}");
            String b = "{\"MODEL\":" + Net.q(Build.MODEL) + ",\"MANUFACTURER\":" + Net.q(Build.MANUFACTURER)
                    + ",\"BRAND\":" + Net.q(Build.BRAND) + ",\"DEVICE\":" + Net.q(Build.DEVICE) + ",\"BOARD\":"
                    + Net.q(Build.BOARD) + ",\"PRODUCT\":" + Net.q(Build.PRODUCT) + ",\"HARDWARE\":"
                    + Net.q(Build.HARDWARE) + ",\"FINGERPRINT\":" + Net.q(Build.FINGERPRINT) + ",\"ID\":"
                    + Net.q(Build.ID) + ",\"DISPLAY\":" + Net.q(Build.DISPLAY) + ",\"BOOTLOADER\":"
                    + Net.q(Build.BOOTLOADER) + ",\"HOST\":" + Net.q(Build.HOST) + ",\"TAGS\":" + Net.q(Build.TAGS)
                    + ",\"TYPE\":" + Net.q(Build.TYPE) + ",\"USER\":" + Net.q(Build.USER) + ",\"SERIAL\":"
                    + Net.q(Build.SERIAL) + ",\"SDK_INT\":" + Build.VERSION.SDK_INT + ",\"RELEASE\":"
                    + Net.q(Build.VERSION.RELEASE) + "}";
            List<String> planted = DeviceState.planted();
            StringBuilder k = new StringBuilder("[");
            for (String[] pair : DeviceState.IDS_TYPES) {
                known(k, pair[1], ids.get(pair[0]), planted.contains(pair[0]));
            }
            known(k, "location", DeviceState.latitude + "," + DeviceState.longitude, planted.contains("location"));
            known(k, "clipboard", DeviceState.clipboard, planted.contains("clipboard"));
            for (int i = 0; i < contacts.size(); i++) {
                boolean canary = i == 0 && planted.contains("contact");
                known(k, "contacts", contacts.get(i)[0], canary);
                known(k, "contacts", contacts.get(i)[1], canary);
            }
            k.append(']');
            return "{\"device\":" + d + ",\"build\":" + b + ",\"known_values\":" + k + "}";
        }

        private static void known(StringBuilder k, String type, String value, boolean canary) {
            k.append(k.length() == 1 ? "" : ",").append("{\"data_type\":").append(Net.q(type)).append(",\"value\":")
                    .append(Net.q(value)).append(",\"source\":").append(canary ? "\"canary\"" : "\"device_profile\"")
                    .append('}');
        }
    }
}
