package android.bluetooth;

/** Stand-in for android.bluetooth.BluetoothDevice (toString is the address, as on Android). */
public final class BluetoothDevice {
    private final String mAddress;
    private final String mName;

    BluetoothDevice(String address, String name) {
        mAddress = address;
        mName = name;
    }

    public String getAddress() {
        return mAddress;
    }

    public String getName() {
        return mName;
    }

    @Override
    public String toString() {
        return mAddress;
    }
}
