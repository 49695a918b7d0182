package android.bluetooth;

/** Stand-in for android.bluetooth.BluetoothManager. */
public final class BluetoothManager {
    public BluetoothManager() {}

    public BluetoothAdapter getAdapter() {
        return BluetoothAdapter.getDefaultAdapter();
    }
}
