package android.telephony;

/** Stand-in for android.telephony.UiccPortInfo (API 33). */
public final class UiccPortInfo {
    private final String mIccId;
    private final int mPortIndex;
    private final int mLogicalSlotIndex;
    private final boolean mIsActive;

    UiccPortInfo(String iccId, int portIndex, int logicalSlotIndex, boolean isActive) {
        mIccId = iccId;
        mPortIndex = portIndex;
        mLogicalSlotIndex = logicalSlotIndex;
        mIsActive = isActive;
    }

    public String getIccId() {
        return mIccId;
    }

    public int getPortIndex() {
        return mPortIndex;
    }

    @Override
    public String toString() {
        return "UiccPortInfo (isActive=" + mIsActive + ", iccId=" + mIccId + ", portIndex=" + mPortIndex
                + ", mLogicalSlotIndex=" + mLogicalSlotIndex + ")";
    }
}
