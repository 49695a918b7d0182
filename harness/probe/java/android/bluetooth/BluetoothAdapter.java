package android.bluetooth;

import com.android.internal.probe.DeviceState;
import java.util.LinkedHashSet;
import java.util.Set;

/** Stand-in for android.bluetooth.BluetoothAdapter. */
public final class BluetoothAdapter {
    private static final BluetoothAdapter DEFAULT = new BluetoothAdapter();

    BluetoothAdapter() {}

    public static BluetoothAdapter getDefaultAdapter() {
        return DEFAULT;
    }

    public android.bluetooth.le.BluetoothLeScanner getBluetoothLeScanner() {
        return new android.bluetooth.le.BluetoothLeScanner();
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

    static BluetoothDevice earbuds() {
        return new BluetoothDevice("a0:e9:db:41:7c:03", "Probe Buds Pro");
    }

    public Set<BluetoothDevice> getBondedDevices() {
        Set<BluetoothDevice> out = new LinkedHashSet<>();
        out.add(earbuds());
        out.add(new BluetoothDevice("00:1a:7d:da:71:13", "Probe Car Kit"));
        return out;
    }

    public boolean startDiscovery() {
        return true;
    }

    public boolean cancelDiscovery() {
        return true;
    }
}
