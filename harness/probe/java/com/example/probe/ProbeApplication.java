package com.example.probe;

import android.app.Application;
import com.umeng.commonsdk.UMConfigure;

/** The app's Application: initialises Umeng in onCreate, before any consent (the deliberate flaw). */
public class ProbeApplication extends Application {
    static final String UMENG_APPKEY = "5f8a1b2c3d4e5f6a7b8c9d0e";

    public ProbeApplication() {}

    @Override
    public void onCreate() {
        super.onCreate();
        // Compliant would be UMConfigure.preInit here and init after consent.
        UMConfigure.init(this, UMENG_APPKEY, "probe_official", UMConfigure.DEVICE_TYPE_PHONE, "");
    }
}
