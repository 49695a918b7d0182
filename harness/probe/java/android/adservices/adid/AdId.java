package android.adservices.adid;

/** Stand-in for android.adservices.adid.AdId. */
public class AdId {
    private final String mAdId;
    private final boolean mLimitAdTrackingEnabled;

    public AdId(String adId, boolean limitAdTrackingEnabled) {
        mAdId = adId;
        mLimitAdTrackingEnabled = limitAdTrackingEnabled;
    }

    public String getAdId() {
        return mAdId;
    }

    public boolean isLimitAdTrackingEnabled() {
        return mLimitAdTrackingEnabled;
    }
}
