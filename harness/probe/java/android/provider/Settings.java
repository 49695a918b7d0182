package android.provider;

import android.content.ContentResolver;
import com.android.internal.probe.DeviceState;

/**
 * Stand-in for android.provider.Settings with its nested Secure, System and Global tables. As in
 * AOSP android-13.0.0_r1 core/java/android/provider/Settings.java, each table's
 * getString(ContentResolver, String) delegates to its hidden getStringForUser(.., userId).
 */
public final class Settings {
    private Settings() {}

    /** Stand-in for android.provider.Settings$Secure. */
    public static final class Secure {
        public static final String ANDROID_ID = "android_id";
        public static final String BLUETOOTH_NAME = "bluetooth_name";
        public static final String BLUETOOTH_ADDRESS = "bluetooth_address";

        private Secure() {}

        public static String getString(ContentResolver resolver, String name) {
            return getStringForUser(resolver, name, 0);
        }

        /** Hidden per-user variant (what the settings provider answers). */
        public static String getStringForUser(ContentResolver resolver, String name, int userHandle) {
            switch (name) {
                case ANDROID_ID:
                    return DeviceState.get("android_id");
                case BLUETOOTH_NAME:
                    return DeviceState.get("bt_name");
                case BLUETOOTH_ADDRESS:
                    return DeviceState.get("bt_mac");
                default:
                    return null;
            }
        }
    }

    /** Stand-in for android.provider.Settings$System. */
    public static final class System {
        private System() {}

        public static String getString(ContentResolver resolver, String name) {
            return getStringForUser(resolver, name, 0);
        }

        /** Hidden per-user variant; android_id and the names are vendor / legacy copies. */
        public static String getStringForUser(ContentResolver resolver, String name, int userHandle) {
            switch (name) {
                case "android_id":
                    return DeviceState.get("android_id");
                case "device_name":
                    return DeviceState.get("device_name");
                case "bluetooth_name":
                    return DeviceState.get("bt_name");
                default:
                    return null;
            }
        }
    }

    /** Stand-in for android.provider.Settings$Global (pps_* are written by Huawei HMS). */
    public static final class Global {
        public static final String DEVICE_NAME = "device_name";

        private Global() {}

        public static String getString(ContentResolver resolver, String name) {
            return getStringForUser(resolver, name, 0);
        }

        /** Hidden per-user variant. */
        public static String getStringForUser(ContentResolver resolver, String name, int userHandle) {
            switch (name) {
                case DEVICE_NAME:
                    return DeviceState.get("device_name");
                case "pps_oaid":
                    return DeviceState.get("oaid");
                case "pps_track_limit":
                    return "false";
                default:
                    return null;
            }
        }
    }
}
