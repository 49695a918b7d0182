package com.example.probe;

import android.accounts.Account;
import android.accounts.AccountManager;
import android.app.Activity;
import android.content.ClipData;
import android.content.ClipboardManager;
import android.content.Context;
import android.content.pm.PackageInfo;
import android.database.Cursor;
import android.hardware.Camera;
import android.hardware.Sensor;
import android.hardware.SensorEvent;
import android.hardware.SensorEventListener;
import android.hardware.SensorManager;
import android.location.Location;
import android.location.LocationManager;
import android.media.AudioRecord;
import android.net.Uri;
import android.os.Bundle;
import android.provider.Settings;
import androidx.core.app.ActivityCompat;
import com.android.internal.probe.Net;
import com.android.internal.probe.ValuesLog;
import com.google.android.gms.ads.MobileAds;
import com.tencent.bugly.crashreport.CrashReport;
import java.util.List;

/** The app's one screen: what it does on consent, in the background and for each feature. */
public class MainActivity extends Activity {
    static final String API = "https://api.probe.example.com";
    static final String TRACK = "http://log.probe.example.com/track";
    static final String BUGLY_APPID = "a1b2c3d4e5";
    static final String[] LAUNCH_PERMISSIONS = {
        "android.permission.READ_PHONE_STATE", "android.permission.ACCESS_FINE_LOCATION",
        "android.permission.READ_CONTACTS", "android.permission.CAMERA", "android.permission.RECORD_AUDIO",
    };
    static final String[] FEATURES = {"nearby", "contacts", "scan", "voice", "shake", "login", "sms_code"};

    private String mDeviceId;
    private int mTrackSeq;

    public MainActivity() {}

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
    }

    @Override
    protected void onResume() {
        super.onResume();
    }

    @Override
    protected void onPause() {
        super.onPause();
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {}

    /** Five dangerous permissions in one prompt at launch, before the consent dialog is answered. */
    void requestLaunchPermissions() {
        ActivityCompat.requestPermissions(this, LAUNCH_PERMISSIONS, 100);
    }

    private String deviceId() {
        if (mDeviceId == null) {
            mDeviceId = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
            ValuesLog.log("app", "Settings$Secure.getString(android_id)", mDeviceId);
        }
        return mDeviceId;
    }

    /** {lat, lng}: one getLastKnownLocation, one getLatitude, one getLongitude. */
    private double[] lastLocation() {
        LocationManager lm = (LocationManager) getSystemService(Context.LOCATION_SERVICE);
        Location loc = lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        double lat = loc.getLatitude();
        double lng = loc.getLongitude();
        ValuesLog.log("app", "LocationManager.getLastKnownLocation(gps)", lat + "," + lng);
        return new double[] {lat, lng};
    }

    private String clipboardText() {
        ClipboardManager cm = (ClipboardManager) getSystemService(Context.CLIPBOARD_SERVICE);
        ClipData clip = cm.getPrimaryClip();
        String text = clip == null ? "" : String.valueOf(clip.getItemAt(0).getText());
        ValuesLog.log("app", "ClipboardManager.getPrimaryClip()", text);
        return text;
    }

    /** After "agree": location for the feed, the installed-app list, a clipboard check, then the SDKs. */
    void onAgree() {
        storeConsentSignals();
        String did = deviceId();
        double[] loc = lastLocation();
        Net.send("app", "POST", API + "/v1/feed", "application/json; charset=utf-8",
                "{\"location\":{\"lat\":" + loc[0] + ",\"lng\":" + loc[1] + "},\"page\":1}",
                "X-Device-Id", did);
        List<PackageInfo> packages = getPackageManager().getInstalledPackages(0);
        StringBuilder apps = new StringBuilder();
        for (PackageInfo p : packages) {
            apps.append(apps.length() == 0 ? "" : ",").append(Net.q(p.packageName));
        }
        ValuesLog.log("app", "ApplicationPackageManager.getInstalledPackages(0)", apps);
        Net.send("app", "POST", API + "/v1/env", "application/json; charset=utf-8",
                "{\"apps\":[" + apps + "]}", "X-Device-Id", did);
        String clip = clipboardText();
        Net.send("app", "POST", API + "/v1/share-code", "application/x-www-form-urlencoded",
                "code=" + Net.url(clip) + "&src=launch", "X-Device-Id", did);
        loginAndEnvironment(did);
        CrashReport.initCrashReport(getApplicationContext(), BUGLY_APPID, false);
        MobileAds.initialize(getApplicationContext());
    }

    /**
     * After consent: one-tap login prefill (the SIM's phone number), the device's name for the
     * profile, carrier / network / IP for the environment report, and shake-to-refresh.
     */
    private void loginAndEnvironment(String did) {
        android.telephony.SubscriptionManager subs = (android.telephony.SubscriptionManager)
                getSystemService(Context.TELEPHONY_SUBSCRIPTION_SERVICE);
        String phone = subs.getPhoneNumber(android.telephony.SubscriptionManager.getDefaultSubscriptionId());
        ValuesLog.log("app", "SubscriptionManager.getPhoneNumber(int)", phone);
        String name = Settings.Global.getString(getContentResolver(), Settings.Global.DEVICE_NAME);
        ValuesLog.log("app", "Settings$Global.getString(device_name)", name);
        android.telephony.TelephonyManager tm =
                (android.telephony.TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
        String carrier = tm.getNetworkOperator();
        ValuesLog.log("app", "TelephonyManager.getNetworkOperator()", carrier);
        android.net.ConnectivityManager cm =
                (android.net.ConnectivityManager) getSystemService(Context.CONNECTIVITY_SERVICE);
        String network = cm.getActiveNetworkInfo().getTypeName();
        ValuesLog.log("app", "NetworkInfo.getTypeName()", network);
        android.net.wifi.WifiManager wm = (android.net.wifi.WifiManager) getSystemService(Context.WIFI_SERVICE);
        int ip = wm.getConnectionInfo().getIpAddress();
        ValuesLog.log("app", "WifiInfo.getIpAddress()", ip);
        SensorManager sm = (SensorManager) getSystemService(Context.SENSOR_SERVICE);
        SensorEventListener shake = new SensorEventListener() {
            @Override
            public void onSensorChanged(SensorEvent event) {}

            @Override
            public void onAccuracyChanged(Sensor sensor, int accuracy) {}
        };
        ValuesLog.log("app", "SensorManager.registerListener(accelerometer)",
                sm.registerListener(shake, sm.getDefaultSensor(Sensor.TYPE_ACCELEROMETER), SensorManager.SENSOR_DELAY_UI));
        Net.send("app", "POST", API + "/v1/profile", "application/json; charset=utf-8",
                "{\"phone\":" + Net.q(phone) + ",\"device_name\":" + Net.q(name) + ",\"carrier\":" + Net.q(carrier)
                        + ",\"net\":" + Net.q(network) + "}", "X-Device-Id", did);
    }

    /** One location poll, sent in clear text (the background tracker), with the cell and Wi-Fi scan for indoor fixes. */
    void pollLocationOnce() {
        android.telephony.TelephonyManager tm =
                (android.telephony.TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
        ValuesLog.log("app", "TelephonyManager.getCellLocation()", tm.getCellLocation());
        android.net.wifi.WifiManager wm = (android.net.wifi.WifiManager) getSystemService(Context.WIFI_SERVICE);
        ValuesLog.log("app", "WifiManager.getScanResults()", wm.getScanResults());
        double[] loc = lastLocation();
        int seq = ++mTrackSeq;
        Net.send("app", "GET", TRACK + "?lat=" + loc[0] + "&lng=" + loc[1] + "&seq=" + seq,
                null, null, "X-Probe-Did", Net.b64(deviceId()));
    }

    /** The user pasted into the search box: a user-initiated clipboard read. */
    void paste() {
        String text = clipboardText();
        Net.send("app", "GET", API + "/v1/search?q=" + Net.url(text), null, null, "X-Device-Id", deviceId());
    }

    /** A user-started feature; returns null when known, else an error. */
    String feature(String name) {
        switch (name) {
            case "nearby": {
                double[] loc = lastLocation();
                Net.send("app", "POST", API + "/v1/nearby", "application/json; charset=utf-8",
                        "{\"lat\":" + loc[0] + ",\"lng\":" + loc[1] + "}",
                        "X-Device-Id", deviceId());
                return null;
            }
            case "contacts": {
                Cursor c = getContentResolver().query(Uri.parse("content://com.android.contacts/data/phones"),
                        new String[] {"display_name", "data1"}, null, null, null);
                StringBuilder json = new StringBuilder();
                while (c != null && c.moveToNext()) {
                    String n = c.getString(0);
                    String num = c.getString(1);
                    ValuesLog.log("app", "ContentResolver.query(contacts)", n + "|" + num);
                    json.append(json.length() == 0 ? "" : ",").append("{\"name\":").append(Net.q(n))
                            .append(",\"number\":").append(Net.q(num)).append('}');
                }
                if (c != null) {
                    c.close();
                }
                Net.send("app", "POST", API + "/v1/friends", "application/json; charset=utf-8",
                        "{\"contacts\":[" + json + "]}", "X-Device-Id", deviceId());
                return null;
            }
            case "push": {
                cn.jpush.android.api.JPushInterface.init(this);
                return null;
            }
            case "scan": {
                Camera cam = Camera.open(0);
                ValuesLog.log("app", "Camera.open(0)", cam);
                cam.release();
                return null;
            }
            case "voice": {
                AudioRecord rec = new AudioRecord(1, 16000, 16, 2, 4096);
                rec.startRecording();
                ValuesLog.log("app", "AudioRecord.startRecording()", rec.getRecordingState());
                rec.stop();
                rec.release();
                return null;
            }
            case "shake": {
                SensorManager sm = (SensorManager) getSystemService(Context.SENSOR_SERVICE);
                Sensor acc = sm.getDefaultSensor(Sensor.TYPE_ACCELEROMETER);
                SensorEventListener l = new SensorEventListener() {
                    @Override
                    public void onSensorChanged(SensorEvent event) {}

                    @Override
                    public void onAccuracyChanged(Sensor sensor, int accuracy) {}
                };
                boolean ok = sm.registerListener(l, acc, SensorManager.SENSOR_DELAY_GAME);
                ValuesLog.log("app", "SensorManager.registerListener(accelerometer)", ok);
                sm.unregisterListener(l);
                return null;
            }
            case "login": {
                Account[] accounts = AccountManager.get(this).getAccounts();
                for (Account a : accounts) {
                    ValuesLog.log("app", "AccountManager.getAccounts()", a);
                }
                return null;
            }
            case "sms_code": {
                Cursor c = getContentResolver().query(Uri.parse("content://sms/inbox"),
                        new String[] {"address", "body"}, null, null, "date DESC");
                if (c != null && c.moveToFirst()) {
                    ValuesLog.log("app", "ContentResolver.query(sms)", c.getString(1));
                    c.close();
                }
                return null;
            }
            default:
                return "unknown feature " + name + "; known: " + String.join(", ", FEATURES);
        }
    }

    /** The user accepted: the CMP stores the TCF signals, and Google Consent Mode v2 is granted. */
    private void storeConsentSignals() {
        com.google.android.ump.internal.TcfStore.storeAccepted(getApplicationContext());
        java.util.Map<com.google.firebase.analytics.FirebaseAnalytics.ConsentType,
                com.google.firebase.analytics.FirebaseAnalytics.ConsentStatus> consent =
                new java.util.EnumMap<>(com.google.firebase.analytics.FirebaseAnalytics.ConsentType.class);
        for (com.google.firebase.analytics.FirebaseAnalytics.ConsentType type
                : com.google.firebase.analytics.FirebaseAnalytics.ConsentType.values()) {
            consent.put(type, com.google.firebase.analytics.FirebaseAnalytics.ConsentStatus.GRANTED);
        }
        com.google.firebase.analytics.FirebaseAnalytics.getInstance(getApplicationContext()).setConsent(consent);
    }
}
