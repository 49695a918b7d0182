package android.bluetooth;

import com.android.internal.probe.DeviceState;

/** Stand-in for android.bluetooth.BluetoothAdapter. */
public final class BluetoothAdapter {
    private static final BluetoothAdapter DEFAULT = new BluetoothAdapter();

    BluetoothAdapter() {}

    public static BluetoothAdapter getDefaultAdapter() {
        return DEFAULT;
    }

    public String getAddress() {
        return DeviceState.get("bt_mac");
    }

    public String getName() {
        return DeviceState.get("bt_name");
    }

    public boolean isEnabled() {
        return true;
    }
}
