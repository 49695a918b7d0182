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

    /** Deprecated in API 33 (returns the first port's ICCID, as AOSP does for apps targeting < 33). */
    public String getIccId() {
        return mIccId;
    }

    /** API 33: the card's ports, each with its own ICCID. */
    public java.util.Collection<UiccPortInfo> getPorts() {
        return java.util.List.of(new UiccPortInfo(mIccId, 0, 0, true));
    }

    @Override
    public String toString() {
        return "UiccCardInfo (mCardId=" + mCardId + ", mIccId=" + mIccId + ")";
    }
}
