package com.google.android.gms.location;

import android.location.Location;
import com.google.android.gms.tasks.Task;

/**
 * Stand-in for Play services' FusedLocationProviderClient: an interface since
 * play-services-location 21.0.0; LocationServices returns an obfuscated concrete class
 * (com.google.android.gms.internal.location.zzbp in 21.0.1).
 */
public interface FusedLocationProviderClient {
    Task<Location> getLastLocation();
}
