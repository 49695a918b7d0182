package com.google.android.gms.location;

import android.app.Activity;
import android.content.Context;

/** Stand-in for Play services' LocationServices. */
public final class LocationServices {
    private LocationServices() {}

    public static FusedLocationProviderClient getFusedLocationProviderClient(Context context) {
        return new FusedLocationProviderClient();
    }

    public static FusedLocationProviderClient getFusedLocationProviderClient(Activity activity) {
        return new FusedLocationProviderClient();
    }
}
