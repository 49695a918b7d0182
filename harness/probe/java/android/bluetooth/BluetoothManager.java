package android.bluetooth;

import java.util.ArrayList;
import java.util.List;

/** Stand-in for android.bluetooth.BluetoothManager. */
public final class BluetoothManager {
    public BluetoothManager() {}

    public BluetoothAdapter getAdapter() {
        return BluetoothAdapter.getDefaultAdapter();
    }

    public List<BluetoothDevice> getConnectedDevices(int profile) {
        List<BluetoothDevice> out = new ArrayList<>();
        out.add(BluetoothAdapter.earbuds());
        return out;
    }
}
