package android.bluetooth.le;

import java.util.List;

/**
 * Stand-in for android.bluetooth.le.BluetoothLeScanner, after AOSP android-13.0.0_r1
 * BluetoothLeScanner.java: startScan(ScanCallback) -> startScan(null, new ScanSettings.Builder().build(),
 * callback) -> private startScan(filters, settings, workSource, callback, callbackIntent, resultStorages).
 */
public final class BluetoothLeScanner {
    public BluetoothLeScanner() {}

    public void startScan(ScanCallback callback) {
        startScan(null, new ScanSettings.Builder().build(), callback);
    }

    public void startScan(List<Object> filters, ScanSettings settings, ScanCallback callback) {
        startScan(filters, settings, null, callback, null, null);
    }

    /** Delivers one nearby beacon at once (no radio on the JVM). */
    private int startScan(List<Object> filters, ScanSettings settings, Object workSource, ScanCallback callback,
            Object callbackIntent, List<Object> resultStorages) {
        callback.onScanResult(1, new ScanResult("c4:7c:8d:6a:11:02", -61));
        return 0;
    }

    public void stopScan(ScanCallback callback) {}
}
