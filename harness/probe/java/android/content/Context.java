package android.content;

import android.content.pm.PackageManager;

/** Stand-in for android.content.Context: the service names are Android's. */
public abstract class Context {
    public static final String TELEPHONY_SERVICE = "phone";
    public static final String TELEPHONY_SUBSCRIPTION_SERVICE = "telephony_subscription_service";
    public static final String WIFI_SERVICE = "wifi";
    public static final String LOCATION_SERVICE = "location";
    public static final String CLIPBOARD_SERVICE = "clipboard";
    public static final String ACTIVITY_SERVICE = "activity";
    public static final String SENSOR_SERVICE = "sensor";
    public static final String ACCOUNT_SERVICE = "account";
    public static final String BLUETOOTH_SERVICE = "bluetooth";
    public static final String TELECOM_SERVICE = "telecom";
    public static final String CONNECTIVITY_SERVICE = "connectivity";
    public static final String CAMERA_SERVICE = "camera";
    public static final String DEVICE_POLICY_SERVICE = "device_policy";
    public static final String USAGE_STATS_SERVICE = "usagestats";
    public static final String WALLPAPER_SERVICE = "wallpaper";

    public abstract Object getSystemService(String name);

    public static final int MODE_PRIVATE = 0x0000;

    public abstract SharedPreferences getSharedPreferences(String name, int mode);

    public abstract ContentResolver getContentResolver();

    public abstract PackageManager getPackageManager();

    public abstract String getPackageName();

    public abstract Context getApplicationContext();

    public static final int BIND_AUTO_CREATE = 0x0001;

    public abstract boolean bindService(Intent service, ServiceConnection conn, int flags);

    public abstract void unbindService(ServiceConnection conn);
}
