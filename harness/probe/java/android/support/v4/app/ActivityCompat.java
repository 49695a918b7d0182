package android.support.v4.app;

import android.app.Activity;

/** Stand-in for the support-library android.support.v4.app.ActivityCompat. */
public class ActivityCompat {
    protected ActivityCompat() {}

    /** Like androidx's stand-in: one call, one event (does not go through Activity.requestPermissions). */
    public static void requestPermissions(Activity activity, String[] permissions, int requestCode) {
        activity.onRequestPermissionsResult(requestCode, permissions.clone(), new int[permissions.length]);
    }
}
