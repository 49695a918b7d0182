package android.location;

public class Location {
    private final double lat;
    private final double lng;
    public Location(double lat, double lng) { this.lat = lat; this.lng = lng; }
    public double getLatitude() { return lat; }
    public double getLongitude() { return lng; }
    @Override public String toString() { return "Location[gps " + lat + "," + lng + "]"; }
}
