package com.android.internal.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-in device's values: what the Android stand-ins return. Fixed, realistic and unique
 * so the traffic matcher can find them; `plant` changes them at run time (canaries).
 * Lives under com.android.* so it is platform, never a caller in a stack.
 */
public final class DeviceState {
    /** Identifier values by profile key (taxonomy id in IDS_TYPES). */
    private static final Map<String, String> IDS = new LinkedHashMap<>();
    /** Keys planted at run time (reported with source "canary"). */
    private static final List<String> PLANTED = new ArrayList<>();
    private static final List<String[]> CONTACTS = new ArrayList<>();

    public static volatile double latitude = 39.9087243;
    public static volatile double longitude = 116.3974752;
    public static volatile String clipboard = "复制这段口令¥K8pQ2xZ7¥打开Probe";
    public static volatile String clipboardLabel = "share";

    static {
        IDS.put("imei", "867530901234565");
        IDS.put("imei2", "867530901234573");
        IDS.put("meid", "A1000049876543");
        IDS.put("imsi", "460011234567890");
        IDS.put("iccid", "89860112345678901234");
        IDS.put("phone_number", "+8613912340517");
        IDS.put("android_id", "a3f1c9e27b5d4086");
        IDS.put("serial", "PRB8A1X0Q2Z7");
        IDS.put("wifi_mac", "02:00:5e:10:00:01");
        IDS.put("bt_mac", "5c:e8:83:1a:2b:3c");
        IDS.put("bt_name", "Probe Pixel");
        IDS.put("ssid", "ProbeNet-5G");
        IDS.put("bssid", "f4:6d:04:3a:9b:7c");
        IDS.put("ip", "192.168.31.77");
        IDS.put("gaid", "c2a9e6d4-57b1-4f3e-9a08-1d6e4b7c3f25");
        IDS.put("oaid", "7d3f9a2e-1b4c-4e8d-a6f0-93c5b2d1e847");
        IDS.put("vaid", "e41b7c9d20a35f68");
        IDS.put("aaid", "5a8d2f61-c3e7-4b90-8d14-6f2a9c0e3b57");
        IDS.put("app_set_id", "0b7e4c1a-93d2-4f58-b6a0-2c8e5d1f7a39");
        IDS.put("gsf_id", "3b5c8e1f2a4d6079");
        IDS.put("device_name", "Probe Pixel");
        IDS.put("account", "probe.user@example.com");
        IDS.put("mcc_mnc", "46001");
        IDS.put("operator_name", "CHN-UNICOM");
        IDS.put("country_iso", "cn");
        IDS.put("cell_lac", "41012");
        IDS.put("cell_cid", "27183");
        IDS.put("fb_attribution_id", "9d2b7e41-6c3a-4f85-b0d9-e5a1c74f2b63");
        IDS.put("widevine_id", "b7e9c2a4d1f0835e6a4c9b2d7e1f3a508c6d4e2b9f7a1c3e5d8b0a2f4c6e9d17");
        IDS.put("utdid", "XhQvPrB7kz0DAL2mN9wqTcY5");
        CONTACTS.add(new String[] {"Canary Zhang", "+8613712345670"});
        CONTACTS.add(new String[] {"李四", "+8613800001111"});
    }

    /** Profile key -> taxonomy data type id (for known_values). */
    public static final String[][] IDS_TYPES = {
        {"imei", "imei"}, {"imei2", "imei"}, {"meid", "meid"}, {"imsi", "imsi"}, {"iccid", "iccid"},
        {"phone_number", "phone_number"}, {"android_id", "android_id"}, {"serial", "serial_number"},
        {"wifi_mac", "mac_address"}, {"bt_mac", "bluetooth_address"}, {"ssid", "wifi_info"},
        {"bssid", "wifi_info"}, {"ip", "ip_address"}, {"gaid", "advertising_id"}, {"oaid", "oaid"},
        {"vaid", "vaid"}, {"aaid", "aaid"}, {"app_set_id", "app_set_id"}, {"gsf_id", "gsf_id"},
        {"device_name", "device_name"}, {"account", "accounts"}, {"mcc_mnc", "carrier_info"},
        {"operator_name", "carrier_info"}, {"cell_cid", "cell_info"},
        {"fb_attribution_id", "device_identifier"}, {"widevine_id", "widevine_id"}, {"utdid", "device_identifier"},
    };

    private DeviceState() {}

    public static synchronized String get(String key) {
        String v = IDS.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no device value " + key);
        }
        return v;
    }

    /** Bound services the stand-in device has (by action or short component name). */
    public static boolean offersService(String name) {
        switch (name) {
            case "com.google.android.gms.ads.identifier.service.START":
            case "com.uodis.opendevice.OPENIDS_SERVICE":
            case "com.coolpad.deviceidsupport/.DeviceIdService":
                return true;
            default:
                return false;
        }
    }

    public static synchronized boolean has(String key) {
        return IDS.containsKey(key);
    }

    public static synchronized Map<String, String> ids() {
        return new LinkedHashMap<>(IDS);
    }

    public static synchronized List<String[]> contacts() {
        List<String[]> out = new ArrayList<>();
        for (String[] c : CONTACTS) {
            out.add(c.clone());
        }
        return out;
    }

    public static synchronized List<String> planted() {
        return new ArrayList<>(PLANTED);
    }

    private static void mark(String key) {
        if (!PLANTED.contains(key)) {
            PLANTED.add(key);
        }
    }

    /** Plant a canary; returns null when done, else the reason it was refused. */
    public static synchronized String plant(String kind, String value) {
        switch (kind) {
            case "clipboard":
                clipboard = value;
                mark("clipboard");
                return null;
            case "contact": {
                int bar = value.indexOf('|');
                if (bar <= 0 || bar == value.length() - 1) {
                    return "contact needs Name|number";
                }
                CONTACTS.add(0, new String[] {value.substring(0, bar), value.substring(bar + 1)});
                mark("contact");
                return null;
            }
            case "location": {
                String[] parts = value.split(",");
                try {
                    if (parts.length != 2) {
                        throw new NumberFormatException();
                    }
                    double lat = Double.parseDouble(parts[0].trim());
                    double lng = Double.parseDouble(parts[1].trim());
                    latitude = lat;
                    longitude = lng;
                } catch (NumberFormatException e) {
                    return "location needs lat,lng";
                }
                mark("location");
                return null;
            }
            default:
                if (!IDS.containsKey(kind)) {
                    return "unknown kind " + kind;
                }
                IDS.put(kind, value);
                if (kind.equals("device_name")) {
                    IDS.put("bt_name", value);
                }
                mark(kind);
                return null;
        }
    }
}
