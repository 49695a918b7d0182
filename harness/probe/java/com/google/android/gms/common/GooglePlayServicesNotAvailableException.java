package com.google.android.gms.common;

/** Stand-in for Play services' GooglePlayServicesNotAvailableException: Play services cannot be reached. */
public final class GooglePlayServicesNotAvailableException extends Exception {
    private static final long serialVersionUID = 1L;
    public final int errorCode;

    public GooglePlayServicesNotAvailableException(int errorCode) {
        super("Google Play services not available (error " + errorCode + ")");
        this.errorCode = errorCode;
    }
}
