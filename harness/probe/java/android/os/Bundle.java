package android.os;

import java.util.LinkedHashMap;
import java.util.Map;

/** Stand-in for android.os.Bundle: a string map (query arguments, provider call results). */
public final class Bundle {
    private final Map<String, Object> mMap = new LinkedHashMap<>();

    public Bundle() {}

    public void putString(String key, String value) {
        mMap.put(key, value);
    }

    public void putStringArray(String key, String[] value) {
        mMap.put(key, value);
    }

    public String getString(String key) {
        Object v = mMap.get(key);
        return v instanceof String ? (String) v : null;
    }

    public String[] getStringArray(String key) {
        Object v = mMap.get(key);
        return v instanceof String[] ? (String[]) v : null;
    }

    public boolean isEmpty() {
        return mMap.isEmpty();
    }

    @Override
    public String toString() {
        // AOSP Bundle#toString of an unparcelled bundle: "Bundle[" + mMap + "]"
        return "Bundle[" + mMap + "]";
    }
}
