package android.os;

import com.android.internal.probe.DeviceState;

/** Stand-in for the hidden android.os.SystemProperties (SDKs reach it by reflection). */
public class SystemProperties {
    private SystemProperties() {}

    public static String get(String key) {
        return lookup(key, "");
    }

    public static String get(String key, String def) {
        return lookup(key, def);
    }

    /** Shared by both overloads so a one-argument call is one hooked call, not two. */
    private static String lookup(String key, String def) {
        switch (key) {
            case "ro.serialno":
            case "ro.boot.serialno":
                return DeviceState.get("serial");
            case "persist.radio.imei":
            case "ril.imei":
            case "ro.ril.oem.imei":
                return DeviceState.get("imei");
            case "ro.product.model":
                return Build.MODEL;
            case "ro.product.brand":
                return Build.BRAND;
            case "ro.build.fingerprint":
                return Build.FINGERPRINT;
            case "gsm.sim.operator.numeric":
                return DeviceState.get("mcc_mnc");
            default:
                return def;
        }
    }
}
