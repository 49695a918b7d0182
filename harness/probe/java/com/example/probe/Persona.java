package com.example.probe;

import android.os.Build;
import com.android.internal.probe.DeviceState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who is using the probe in a differential run: the device and account attributes a persona sets
 * (`persona k=v;k=v`, values URL-encoded), and the youth-mode behaviour the probe was started with.
 * Device properties are set before the app starts (Build reads them from the JVM's system properties
 * at class load, as AOSP's Build reads ro.product.*); location goes to DeviceState; account values are what the
 * app itself knows (membership, account age, a returning user's stored id, the age stated at the
 * age gate).
 */
public final class Persona {
    /** "compliant": a child (under 14) gets youth mode and a parental-consent request, no ads, no
     *  collection beyond the basic function; "leaky": the age is asked and then ignored. */
    static String youthPolicy = "compliant";

    static final Map<String, String> attributes = new LinkedHashMap<>();
    static String userId = "u-" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 10);

    private Persona() {}

    /** Applies `k=v;k=v`; returns null or the problem. */
    static synchronized String apply(String spec) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String pair : spec.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return "persona: expected key=value, got '" + pair + "'";
            }
            parsed.put(pair.substring(0, eq).strip(), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, String> e : parsed.entrySet()) {
            String problem = set(e.getKey(), e.getValue());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String set(String key, String value) {
        switch (key) {
            // device.* are system properties the JVM was started with (Build reads them at class load)
            case "location.lat" -> DeviceState.latitude = Double.parseDouble(value);
            case "location.lon" -> DeviceState.longitude = Double.parseDouble(value);
            case "account.user_id" -> userId = value;
            case "age" -> {
                try {
                    Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    return "persona: age must be a whole number";
                }
            }
            case "device.model", "device.brand", "device.manufacturer", "device.os_version",
                    "locale", "network.type", "network.carrier", "account.member", "account.age_days",
                    "account.returning", "installed_apps", "device.sdk_int" -> { }
            default -> {
                return "persona: unknown attribute " + key;
            }
        }
        attributes.put(key, value);
        return null;
    }

    static synchronized String get(String key, String fallback) {
        return attributes.getOrDefault(key, fallback);
    }

    /** The stated age, or -1 when the persona states none. */
    static int age() {
        try {
            return Integer.parseInt(get("age", "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean isChild() {
        int a = age();
        return a >= 0 && a < 14;
    }

    /** A child on a compliant build: youth mode is on until a guardian consents. */
    static boolean youthMode() {
        return isChild() && "compliant".equals(youthPolicy);
    }

    static String userAgent() {
        return "ProbeShop/1.0 (Linux; Android " + Build.VERSION.RELEASE + "; " + Build.MODEL + " Build/"
                + Build.ID + ")";
    }
}
