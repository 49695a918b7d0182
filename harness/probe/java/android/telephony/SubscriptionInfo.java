package android.telephony;

/** Stand-in for android.telephony.SubscriptionInfo. */
public class SubscriptionInfo {
    private final int mId;
    private final String mIccId;
    private final String mNumber;

    SubscriptionInfo(int id, String iccId, String number) {
        mId = id;
        mIccId = iccId;
        mNumber = number;
    }

    public int getSubscriptionId() {
        return mId;
    }

    public String getIccId() {
        return mIccId;
    }

    public String getNumber() {
        return mNumber;
    }

    @Override
    public String toString() {
        return "{id=" + mId + " iccId=" + mIccId + " number=" + mNumber + "}";
    }
}
