package android.app;

public class Activity {
    protected void onResume() { }
    protected void onPause() { }
    public final void requestPermissions(String[] permissions, int requestCode) { }
}
