package android.os;

import com.android.internal.probe.DeviceState;

/**
 * Stand-in for android.os.Build: static fields (not hookable: snapshot them) and getSerial().
 * As in AOSP (frameworks/base core/java/android/os/Build.java, `MODEL = getString("ro.product.model")`),
 * the device-describing fields are read from system properties when the class loads, so a persona
 * sets them before the app starts (here: `-Dro.product.model=...` on the probe's JVM).
 */
public class Build {
    public static final String UNKNOWN = "unknown";
    public static final String BOARD = "oriole";
    public static final String BOOTLOADER = "slider-1.2-9152140";
    public static final String BRAND = getString("ro.product.brand", "google");
    public static final String DEVICE = "oriole";
    public static final String DISPLAY = "TQ3A.230805.001";
    public static final String FINGERPRINT = "google/oriole/oriole:13/TQ3A.230805.001/10316531:user/release-keys";
    public static final String HARDWARE = "oriole";
    public static final String HOST = "abfarm-release-2004-0123";
    public static final String ID = "TQ3A.230805.001";
    public static final String MANUFACTURER = getString("ro.product.manufacturer", "Google");
    public static final String MODEL = getString("ro.product.model", "Pixel 6");
    public static final String PRODUCT = "oriole";
    /** Build.SERIAL is "unknown" since API 26 for normal apps; getSerial() gives the real one. */
    public static final String SERIAL = UNKNOWN;
    public static final String TAGS = "release-keys";
    public static final String TYPE = "user";
    public static final String USER = "android-build";

    public Build() {}

    /** AOSP reads SystemProperties.get(key, UNKNOWN); the stand-in's properties are the JVM's. */
    private static String getString(String property, String fallback) {
        String v = System.getProperty(property);
        return v == null || v.isEmpty() ? fallback : v;
    }

    public static String getSerial() {
        return DeviceState.get("serial");
    }

    /** Stand-in for android.os.Build$VERSION. */
    public static class VERSION {
        public static final int SDK_INT = 33;
        public static final String RELEASE = getString("ro.build.version.release", "13");
        public static final String INCREMENTAL = "10316531";
        public static final String SECURITY_PATCH = "2023-08-05";

        public VERSION() {}
    }
}
