package android.telecom;

import android.content.ComponentName;

/** Stand-in for android.telecom.PhoneAccountHandle. */
public final class PhoneAccountHandle {
    private final ComponentName mComponent;
    private final String mId;

    public PhoneAccountHandle(ComponentName component, String id) {
        mComponent = component;
        mId = id;
    }

    public String getId() {
        return mId;
    }

    @Override
    public String toString() {
        return mComponent + ", " + mId + ", UserHandle{0}";
    }
}
