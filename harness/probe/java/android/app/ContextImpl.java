package android.app;

import android.accounts.AccountManager;
import android.bluetooth.BluetoothManager;
import android.content.ClipboardManager;
import android.content.ContentResolver;
import android.content.Context;
import android.content.pm.PackageManager;
import android.hardware.SystemSensorManager;
import android.location.LocationManager;
import android.net.wifi.WifiManager;
import android.telephony.SubscriptionManager;
import android.telephony.TelephonyManager;
import java.util.HashMap;
import java.util.Map;

/** Stand-in for android.app.ContextImpl: the one base context, holding the system services. */
public class ContextImpl extends Context {
    private final String mPackageName;
    private final ContentResolver mContentResolver;
    private final PackageManager mPackageManager;
    private final Map<String, Object> mServices = new HashMap<>();
    private Context mOuter;

    private ContextImpl(String packageName) {
        mPackageName = packageName;
        mContentResolver = new ApplicationContentResolver(this);
        mPackageManager = new ApplicationPackageManager(this);
        mServices.put(TELEPHONY_SERVICE, new TelephonyManager(this));
        mServices.put(TELEPHONY_SUBSCRIPTION_SERVICE, new SubscriptionManager(this));
        mServices.put(WIFI_SERVICE, new WifiManager(this));
        mServices.put(LOCATION_SERVICE, new LocationManager(this));
        mServices.put(CLIPBOARD_SERVICE, new ClipboardManager());
        mServices.put(ACTIVITY_SERVICE, new ActivityManager(this));
        mServices.put(SENSOR_SERVICE, new SystemSensorManager());
        mServices.put(ACCOUNT_SERVICE, new AccountManager(this));
        mServices.put(BLUETOOTH_SERVICE, new BluetoothManager());
        mServices.put(TELECOM_SERVICE, new android.telecom.TelecomManager(this));
        mServices.put(CONNECTIVITY_SERVICE, new android.net.ConnectivityManager(this));
        mServices.put(CAMERA_SERVICE, new android.hardware.camera2.CameraManager(this));
        mServices.put(DEVICE_POLICY_SERVICE, new android.app.admin.DevicePolicyManager(this));
        mServices.put(USAGE_STATS_SERVICE, new android.app.usage.UsageStatsManager(this));
        mServices.put(WALLPAPER_SERVICE, new WallpaperManager(this));
    }

    /** The app's base context (on Android the framework makes it; here the probe's launcher does). */
    public static ContextImpl createAppContext(String packageName) {
        return new ContextImpl(packageName);
    }

    void setOuterContext(Context outer) {
        mOuter = outer;
    }

    @Override
    public Object getSystemService(String name) {
        return mServices.get(name);
    }

    /** As in AOSP: name -> file under shared_prefs, one SharedPreferencesImpl per file for the process. */
    @Override
    public android.content.SharedPreferences getSharedPreferences(String name, int mode) {
        java.io.File file = mSharedPrefsPaths.computeIfAbsent(name,
                n -> new java.io.File(new java.io.File("/data/data/" + mPackageName, "shared_prefs"), n + ".xml"));
        return getSharedPreferences(file, mode);
    }

    public android.content.SharedPreferences getSharedPreferences(java.io.File file, int mode) {
        synchronized (ContextImpl.class) {
            return sSharedPrefsCache.computeIfAbsent(file, f -> new SharedPreferencesImpl(f, mode));
        }
    }

    private final Map<String, java.io.File> mSharedPrefsPaths = new HashMap<>();
    private static final Map<java.io.File, SharedPreferencesImpl> sSharedPrefsCache = new HashMap<>();

    @Override
    public ContentResolver getContentResolver() {
        return mContentResolver;
    }

    @Override
    public PackageManager getPackageManager() {
        return mPackageManager;
    }

    @Override
    public String getPackageName() {
        return mPackageName;
    }

    @Override
    public Context getApplicationContext() {
        return mOuter != null ? mOuter : this;
    }

    // AOSP android-13.0.0_r1 ContextImpl: bindService(Intent, ServiceConnection, int) ->
    // bindServiceCommon(...), which asks ActivityManager; the connection is called back later on
    // the main thread (here: at once, with a BinderProxy for the services the device offers).
    @Override
    public boolean bindService(android.content.Intent service, android.content.ServiceConnection conn, int flags) {
        return bindServiceCommon(service, conn, flags);
    }

    private boolean bindServiceCommon(android.content.Intent service, android.content.ServiceConnection conn,
            int flags) {
        String name = service.getAction() != null ? service.getAction()
                : service.getComponent() != null ? service.getComponent().flattenToShortString() : null;
        if (name == null || !com.android.internal.probe.DeviceState.offersService(name)) {
            return false;
        }
        android.content.ComponentName cn = service.getComponent() != null ? service.getComponent()
                : new android.content.ComponentName(service.getPackage() == null ? "android" : service.getPackage(), name);
        conn.onServiceConnected(cn, new android.os.BinderProxy(name));
        return true;
    }

    @Override
    public void unbindService(android.content.ServiceConnection conn) {}

    /** Stand-in for android.app.ContextImpl$ApplicationContentResolver. */
    private static final class ApplicationContentResolver extends ContentResolver {
        ApplicationContentResolver(Context context) {
            super(context);
        }
    }
}
