package android.content;

import java.util.LinkedHashMap;
import java.util.Map;

/** Stand-in for android.content.ContentValues (insert/update payload). */
public final class ContentValues {
    private final Map<String, Object> mMap = new LinkedHashMap<>();

    public ContentValues() {}

    public void put(String key, String value) {
        mMap.put(key, value);
    }

    public int size() {
        return mMap.size();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : mMap.entrySet()) {
            b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }
}
