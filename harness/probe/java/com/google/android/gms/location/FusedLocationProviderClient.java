package com.google.android.gms.location;

import android.location.Location;
import com.android.internal.probe.DeviceState;
import com.google.android.gms.tasks.Task;
import com.google.android.gms.tasks.Tasks;

/** Stand-in for Play services' FusedLocationProviderClient (a class before GMS 21, as hooked here). */
public class FusedLocationProviderClient {
    FusedLocationProviderClient() {}

    public Task<Location> getLastLocation() {
        Location l = new Location("fused");
        l.setLatitude(DeviceState.latitude);
        l.setLongitude(DeviceState.longitude);
        return Tasks.forResult(l);
    }
}
