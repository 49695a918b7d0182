package com.google.android.ump.internal;

import android.content.Context;
import android.content.SharedPreferences;
import android.preference.PreferenceManager;
import com.android.internal.probe.ValuesLog;

/**
 * CMP stand-in (Google User Messaging Platform's prefix): stores the user's choice as IAB TCF v2.2
 * IABTCF_* keys in the default SharedPreferences, where SDKs read them. Deliberately flawed like the
 * CMPs measured in the field: it stores a TC string when the user accepts and nothing when they decline.
 * The TC string's core segment is written field by field (TCF v2 "Consent string and vendor list
 * formats"); its times are fixed so a run is reproducible.
 */
public final class TcfStore {
    public static final int CMP_ID = 300;
    public static final int GOOGLE_VENDOR_ID = 755;
    private static final long CREATED_DECISECONDS = 17_640_000_000L;

    private TcfStore() {}

    /** The user tapped accept: all ten purposes and vendor 755 consented. */
    public static void storeAccepted(Context context) {
        String tc = encode(0x3FF, 0x10F, GOOGLE_VENDOR_ID);
        SharedPreferences.Editor editor = PreferenceManager.getDefaultSharedPreferences(context).edit();
        editor.putString("IABTCF_TCString", tc);
        editor.putInt("IABTCF_CmpSdkID", CMP_ID);
        editor.putInt("IABTCF_CmpSdkVersion", 2);
        editor.putInt("IABTCF_PolicyVersion", 4);
        editor.putInt("IABTCF_gdprApplies", 1);
        editor.putString("IABTCF_PurposeConsents", "1111111111");
        editor.putString("IABTCF_PurposeLegitimateInterests", "0100001111");
        editor.apply();
        ValuesLog.log("cmp", "IABTCF_TCString", tc);
    }

    /** Purposes as a 10-bit mask (purpose 1 = highest bit), one consented vendor id. */
    static String encode(int purposes, int purposesLi, int vendor) {
        Bits b = new Bits();
        b.put(2, 6);
        b.put(CREATED_DECISECONDS, 36);
        b.put(CREATED_DECISECONDS, 36);
        b.put(CMP_ID, 12);
        b.put(2, 12);
        b.put(1, 6);
        b.put('E' - 'A', 6);
        b.put('N' - 'A', 6);
        b.put(48, 12);
        b.put(4, 6);
        b.put(0, 1);
        b.put(0, 1);
        b.put(0, 12);
        b.put((long) purposes << 14, 24);
        b.put((long) purposesLi << 14, 24);
        b.put(0, 1);
        b.put('D' - 'A', 6);
        b.put('E' - 'A', 6);
        b.put(vendor, 16);        // vendor consents: MaxVendorId
        b.put(1, 1);              // range encoding
        b.put(1, 12);             // one entry
        b.put(0, 1);              // a single id
        b.put(vendor, 16);
        b.put(0, 16);             // no legitimate-interest vendors: MaxVendorId 0, bit field of 0 bits
        b.put(0, 1);
        return b.base64Url();
    }

    private static final class Bits {
        private final StringBuilder bits = new StringBuilder();

        void put(long value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                bits.append(((value >>> i) & 1L) == 1L ? '1' : '0');
            }
        }

        String base64Url() {
            while (bits.length() % 8 != 0) {
                bits.append('0');
            }
            byte[] data = new byte[bits.length() / 8];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) Integer.parseInt(bits.substring(i * 8, i * 8 + 8), 2);
            }
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(data);
        }
    }
}
