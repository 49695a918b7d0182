package com.example.probe;

import android.content.ContentProvider;

/** A ContentProvider like the init providers SDKs ship; created before Application.onCreate. */
public class ProbeInitProvider extends ContentProvider {
    public ProbeInitProvider() {}

    @Override
    public boolean onCreate() {
        return true;
    }
}
