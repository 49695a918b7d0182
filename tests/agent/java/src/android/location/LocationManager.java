package android.location;

public class LocationManager {
    public Location getLastKnownLocation(String provider) { return new Location(39.9087243, 116.3974752); }
}
