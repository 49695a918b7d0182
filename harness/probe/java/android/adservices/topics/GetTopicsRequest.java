package android.adservices.topics;

/** Stand-in for android.adservices.topics.GetTopicsRequest. */
public final class GetTopicsRequest {
    private final String mAdsSdkName;

    private GetTopicsRequest(String adsSdkName) {
        mAdsSdkName = adsSdkName;
    }

    public String getAdsSdkName() {
        return mAdsSdkName;
    }

    /** Stand-in for GetTopicsRequest$Builder. */
    public static final class Builder {
        private String mAdsSdkName = "";

        public Builder() {}

        public Builder setAdsSdkName(String adsSdkName) {
            mAdsSdkName = adsSdkName;
            return this;
        }

        public GetTopicsRequest build() {
            return new GetTopicsRequest(mAdsSdkName);
        }
    }
}
