package android.support.v4.app;

import android.app.Activity;

/**
 * Stand-in for android.support.v4.app.ActivityCompat, after support-compat 28.0.0 android/support/v4/app/ActivityCompat.java: on API 23+ it calls Activity.requestPermissions
 * (the JVM stand-in runs as API 33).
 */
public class ActivityCompat {
    protected ActivityCompat() {}

    public static void requestPermissions(Activity activity, String[] permissions, int requestCode) {
        for (String permission : permissions) {
            if (permission == null || permission.isEmpty()) {
                throw new IllegalArgumentException("Permission request for permissions " + java.util.Arrays.toString(permissions)
                        + " must not contain null or empty values");
            }
        }
        activity.requestPermissions(permissions, requestCode);
    }
}
