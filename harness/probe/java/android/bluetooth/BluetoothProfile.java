package android.bluetooth;

/** Stand-in for android.bluetooth.BluetoothProfile (profile ids). */
public interface BluetoothProfile {
    int HEADSET = 1;
    int A2DP = 2;
    int GATT = 7;
}
