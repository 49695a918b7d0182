package androidx.core.app;

import android.app.Activity;

/** Stand-in for androidx.core.app.ActivityCompat. */
public class ActivityCompat {
    protected ActivityCompat() {}

    /** Does not go through Activity.requestPermissions (a hooked API), so one call gives one event. */
    public static void requestPermissions(Activity activity, String[] permissions, int requestCode) {
        activity.onRequestPermissionsResult(requestCode, permissions.clone(), new int[permissions.length]);
    }
}
