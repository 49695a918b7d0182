package com.google.android.gms.location;

import android.app.Activity;
import android.content.Context;

/** Stand-in for Play services' LocationServices (21.x: the factory returns the concrete zzbp). */
public final class LocationServices {
    private LocationServices() {}

    public static FusedLocationProviderClient getFusedLocationProviderClient(Context context) {
        return new com.google.android.gms.internal.location.zzbp(context);
    }

    public static FusedLocationProviderClient getFusedLocationProviderClient(Activity activity) {
        return new com.google.android.gms.internal.location.zzbp(activity);
    }
}
