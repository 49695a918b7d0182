package android.preference;

import android.content.Context;
import android.content.SharedPreferences;

/**
 * Stand-in for android.preference.PreferenceManager: the default SharedPreferences file, where IAB TCF
 * CMPs store the IABTCF_* keys for the SDKs to read (TCF v2.2 "in-app details" of the CMP API).
 */
public class PreferenceManager {
    private PreferenceManager() {}

    public static SharedPreferences getDefaultSharedPreferences(Context context) {
        return context.getSharedPreferences(getDefaultSharedPreferencesName(context), getDefaultSharedPreferencesMode());
    }

    public static String getDefaultSharedPreferencesName(Context context) {
        return context.getPackageName() + "_preferences";
    }

    private static int getDefaultSharedPreferencesMode() {
        return Context.MODE_PRIVATE;
    }
}
