package android.provider;

import android.content.ContentResolver;

public final class Settings {
    public static final class Secure {
        public static String getString(ContentResolver resolver, String name) {
            return "android_id".equals(name) ? "a3f1c9e27b5d4086" : "Mini Phone";
        }
    }
}
