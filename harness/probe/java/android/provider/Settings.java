package android.provider;

import android.content.ContentResolver;
import com.android.internal.probe.DeviceState;

/** Stand-in for android.provider.Settings with its nested Secure, System and Global tables. */
public final class Settings {
    private Settings() {}

    /** Stand-in for android.provider.Settings$Secure. */
    public static final class Secure {
        public static final String ANDROID_ID = "android_id";
        public static final String BLUETOOTH_NAME = "bluetooth_name";
        public static final String BLUETOOTH_ADDRESS = "bluetooth_address";

        private Secure() {}

        public static String getString(ContentResolver resolver, String name) {
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
            return "android_id".equals(name) ? DeviceState.get("android_id") : null;
        }
    }

    /** Stand-in for android.provider.Settings$Global. */
    public static final class Global {
        public static final String DEVICE_NAME = "device_name";

        private Global() {}

        public static String getString(ContentResolver resolver, String name) {
            return DEVICE_NAME.equals(name) ? DeviceState.get("device_name") : null;
        }
    }
}
