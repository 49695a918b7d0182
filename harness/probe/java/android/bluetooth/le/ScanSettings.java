package android.bluetooth.le;

/** Stand-in for android.bluetooth.le.ScanSettings. */
public final class ScanSettings {
    public static final int SCAN_MODE_LOW_POWER = 0;

    private final int mScanMode;

    private ScanSettings(int scanMode) {
        mScanMode = scanMode;
    }

    public int getScanMode() {
        return mScanMode;
    }

    /** Stand-in for ScanSettings$Builder. */
    public static final class Builder {
        private int mScanMode = SCAN_MODE_LOW_POWER;

        public Builder() {}

        public Builder setScanMode(int scanMode) {
            mScanMode = scanMode;
            return this;
        }

        public ScanSettings build() {
            return new ScanSettings(mScanMode);
        }
    }
}
