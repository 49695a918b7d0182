package android.app;

import android.content.Context;
import android.content.ContextWrapper;
import android.os.Bundle;

/** Stand-in for android.app.Activity: lifecycle callbacks and the permission request. */
public class Activity extends ContextWrapper {
    private String[] mLastRequestedPermissions = new String[0];

    public Activity() {
        super(null);
    }

    /** Called by the probe's launcher (on Android: ActivityThread.performLaunchActivity). */
    public final void attach(Context base) {
        attachBaseContext(base);
    }

    protected void onCreate(Bundle savedInstanceState) {}

    protected void onResume() {}

    protected void onPause() {}

    /** Permission prompt; there is no system dialog on the JVM: every permission counts as granted. */
    public final void requestPermissions(String[] permissions, int requestCode) {
        mLastRequestedPermissions = permissions.clone();
        int[] results = new int[permissions.length];
        onRequestPermissionsResult(requestCode, permissions, results);
    }

    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {}

    public String[] lastRequestedPermissions() {
        return mLastRequestedPermissions.clone();
    }
}
