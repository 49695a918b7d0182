package android.bluetooth.le;

/** Stand-in for android.bluetooth.le.ScanResult: one advertising device. */
public final class ScanResult {
    private final String mAddress;
    private final int mRssi;

    ScanResult(String address, int rssi) {
        mAddress = address;
        mRssi = rssi;
    }

    public String getAddress() {
        return mAddress;
    }

    public int getRssi() {
        return mRssi;
    }

    @Override
    public String toString() {
        return "ScanResult{device=" + mAddress + ", rssi=" + mRssi + "}";
    }
}
