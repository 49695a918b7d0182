package com.android.internal.probe;

import android.content.ContentValues;
import android.database.Cursor;
import android.database.MatrixCursor;
import android.net.Uri;
import android.os.Bundle;
import java.util.List;

/** The stand-in content providers' rows, by URI authority (shared by ContentResolver and MediaStore). */
public final class Providers {
    private Providers() {}

    public static Cursor cursorFor(Uri uri) {
        String authority = uri.getAuthority();
        if (authority == null) {
            return null;
        }
        switch (authority) {
            case "com.android.contacts": {
                MatrixCursor c = new MatrixCursor(new String[] {"display_name", "data1"});
                List<String[]> contacts = DeviceState.contacts();
                for (String[] row : contacts) {
                    c.addRow(new Object[] {row[0], row[1]});
                }
                return c;
            }
            case "call_log": {
                MatrixCursor c = new MatrixCursor(new String[] {"number", "date", "duration", "type"});
                c.addRow(new Object[] {"+8610987654321", "1764316800000", "63", "1"});
                return c;
            }
            case "sms": {
                MatrixCursor c = new MatrixCursor(new String[] {"address", "body", "date"});
                c.addRow(new Object[] {"10690000", "【Probe】您的验证码是482913，5分钟内有效。", "1764316860000"});
                return c;
            }
            case "com.android.calendar": {
                MatrixCursor c = new MatrixCursor(new String[] {"title", "dtstart", "eventLocation"});
                c.addRow(new Object[] {"Probe canary meeting", "1764403200000", "Room 1701"});
                return c;
            }
            case "media": {
                MatrixCursor c = new MatrixCursor(new String[] {"_data", "datetaken"});
                c.addRow(new Object[] {"/storage/emulated/0/DCIM/Camera/IMG_20251128_101500.jpg", "1764296100000"});
                return c;
            }
            case "com.google.android.gsf.gservices": {
                MatrixCursor c = new MatrixCursor(new String[] {"key", "value"});
                c.addRow(new Object[] {"android_id", Long.toString(Long.parseUnsignedLong(DeviceState.get("gsf_id"), 16))});
                return c;
            }
            case "browser":
            case "com.android.browser": {
                MatrixCursor c = new MatrixCursor(new String[] {"title", "url", "date"});
                c.addRow(new Object[] {"Probe canary page", "https://canary.probe.example.com/visited", "1764300000000"});
                return c;
            }
            case "com.facebook.katana.provider.AttributionIdProvider":
            case "com.facebook.wakizashi.provider.AttributionIdProvider": {
                // Facebook SDK AttributionIdentifiers: columns aid, androidid, limit_tracking
                MatrixCursor c = new MatrixCursor(new String[] {"aid", "androidid", "limit_tracking"});
                c.addRow(new Object[] {DeviceState.get("fb_attribution_id"), null, "0"});
                return c;
            }
            case "com.vivo.vms.IdProvider":
            case "com.meizu.flyme.openidsdk":
            case "cn.nubia.identity":
            case "com.coolpad.deviceidsupport": {
                MatrixCursor c = new MatrixCursor(new String[] {"value"});
                c.addRow(new Object[] {DeviceState.get("oaid")});
                return c;
            }
            default:
                return null;
        }
    }

    /** Whether a provider with this authority answers (acquireContentProviderClient gives null otherwise). */
    public static boolean exists(String authority) {
        return authority != null && (cursorFor(Uri.parse("content://" + authority)) != null
                || authority.equals("cn.nubia.identity"));
    }

    /** Provider call(): Nubia's identity provider answers getOAID with {"code":0,"id":oaid}. */
    public static Bundle call(String authority, String method, String arg) {
        Bundle out = new Bundle();
        if ("cn.nubia.identity".equals(authority) && "getOAID".equals(method)) {
            out.putString("code", "0");
            out.putString("id", DeviceState.get("oaid"));
        }
        return out;
    }

    /** insert(): the row's new URI on a known provider, null otherwise (nothing is stored). */
    public static Uri insert(Uri uri, ContentValues values) {
        return cursorFor(uri) == null ? null : Uri.parse(uri + "/1001");
    }

    /** update(): one row changed on a known provider. */
    public static int update(Uri uri, ContentValues values) {
        return cursorFor(uri) == null ? 0 : 1;
    }

    /** delete(): one row deleted on a known provider. */
    public static int delete(Uri uri) {
        return cursorFor(uri) == null ? 0 : 1;
    }
}
