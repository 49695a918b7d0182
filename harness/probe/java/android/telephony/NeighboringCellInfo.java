package android.telephony;

/** Stand-in for the (deprecated) android.telephony.NeighboringCellInfo. */
public class NeighboringCellInfo {
    private final int mRssi;
    private final int mCid;

    public NeighboringCellInfo(int rssi, int cid) {
        mRssi = rssi;
        mCid = cid;
    }

    public int getCid() {
        return mCid;
    }

    public int getRssi() {
        return mRssi;
    }

    @Override
    public String toString() {
        return "[" + Integer.toHexString(mCid) + " at " + mRssi + "]";
    }
}
