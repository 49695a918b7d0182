package android.location;

/** Stand-in for android.location.LastLocationRequest (API 31). */
public final class LastLocationRequest {
    private LastLocationRequest() {}

    /** Stand-in for LastLocationRequest$Builder. */
    public static final class Builder {
        public Builder() {}

        public LastLocationRequest build() {
            return new LastLocationRequest();
        }
    }
}
