package android.location;

/** Stand-in for android.location.LocationRequest (API 31 builder). */
public final class LocationRequest {
    private final long mIntervalMillis;
    private final int mMaxUpdates;
    private final float mMinUpdateDistanceMeters;

    private LocationRequest(long intervalMillis, int maxUpdates, float minUpdateDistanceMeters) {
        mIntervalMillis = intervalMillis;
        mMaxUpdates = maxUpdates;
        mMinUpdateDistanceMeters = minUpdateDistanceMeters;
    }

    public long getIntervalMillis() {
        return mIntervalMillis;
    }

    public int getMaxUpdates() {
        return mMaxUpdates;
    }

    @Override
    public String toString() {
        return "Request[@" + mIntervalMillis + "ms" + (mMaxUpdates != Integer.MAX_VALUE ? ", maxUpdates=" + mMaxUpdates : "")
                + (mMinUpdateDistanceMeters > 0 ? ", minUpdateDistance=" + mMinUpdateDistanceMeters : "") + "]";
    }

    /** Stand-in for LocationRequest$Builder. */
    public static final class Builder {
        private final long mIntervalMillis;
        private int mMaxUpdates = Integer.MAX_VALUE;
        private float mMinUpdateDistanceMeters;

        public Builder(long intervalMillis) {
            mIntervalMillis = intervalMillis;
        }

        public Builder setMaxUpdates(int maxUpdates) {
            mMaxUpdates = maxUpdates;
            return this;
        }

        public Builder setDurationMillis(long durationMillis) {
            return this;
        }

        public Builder setMinUpdateDistanceMeters(float minUpdateDistanceMeters) {
            mMinUpdateDistanceMeters = minUpdateDistanceMeters;
            return this;
        }

        public LocationRequest build() {
            return new LocationRequest(mIntervalMillis, mMaxUpdates, mMinUpdateDistanceMeters);
        }
    }
}
