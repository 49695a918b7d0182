package android.telephony;

/** Stand-in for android.telephony.UiccCardInfo. */
public final class UiccCardInfo {
    private final int mCardId;
    private final String mIccId;

    UiccCardInfo(int cardId, String iccId) {
        mCardId = cardId;
        mIccId = iccId;
    }

    public int getCardId() {
        return mCardId;
    }

    public String getIccId() {
        return mIccId;
    }

    @Override
    public String toString() {
        return "UiccCardInfo (mCardId=" + mCardId + ", mIccId=" + mIccId + ")";
    }
}
