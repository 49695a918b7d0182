package com.google.android.gms.appset;

/** Stand-in for com.google.android.gms.appset.AppSetIdInfo (the App Set ID). */
public class AppSetIdInfo {
    public static final int SCOPE_APP = 1;
    public static final int SCOPE_DEVELOPER = 2;

    private final String mId;
    private final int mScope;

    public AppSetIdInfo(String id, int scope) {
        mId = id;
        mScope = scope;
    }

    public String getId() {
        return mId;
    }

    public int getScope() {
        return mScope;
    }

    @Override
    public String toString() {
        return "AppSetIdInfo{" + mId + ", scope=" + mScope + "}";
    }
}
