package android.bluetooth.le;

/** Stand-in for android.bluetooth.le.ScanCallback (the app subclasses it). */
public abstract class ScanCallback {
    public ScanCallback() {}

    public void onScanResult(int callbackType, ScanResult result) {}

    public void onScanFailed(int errorCode) {}
}
