package androidx.core.app;

import android.app.Activity;

/**
 * Stand-in for androidx.core.app.ActivityCompat, after androidx core 1.9.0 core/src/main/java/androidx/core/app/ActivityCompat.java: on API 23+ it calls Api23Impl.requestPermissions, i.e. Activity.requestPermissions
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
        Api23Impl.requestPermissions(activity, permissions, requestCode);
    }

    /** androidx ActivityCompat$Api23Impl. */
    static class Api23Impl {
        private Api23Impl() {}

        static void requestPermissions(Activity activity, String[] permissions, int requestCode) {
            activity.requestPermissions(permissions, requestCode);
        }
    }
}
