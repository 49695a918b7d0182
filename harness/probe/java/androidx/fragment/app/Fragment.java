package androidx.fragment.app;

/** Stand-in for androidx.fragment.app.Fragment (the deprecated permission request). */
public class Fragment {
    public Fragment() {}

    public final void requestPermissions(String[] permissions, int requestCode) {
        onRequestPermissionsResult(requestCode, permissions.clone(), new int[permissions.length]);
    }

    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {}
}
