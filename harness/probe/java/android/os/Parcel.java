package android.os;

import java.util.ArrayList;
import java.util.List;

/**
 * Stand-in for android.os.Parcel: a list of written values read back in order. An AIDL request
 * starts with writeInterfaceToken(descriptor) (AOSP Parcel.java android-13.0.0_r1 writes the
 * strict-mode header, work source and the descriptor; here only the descriptor).
 */
public final class Parcel {
    private final List<Object> mValues = new ArrayList<>();
    private int mPos;

    private Parcel() {}

    public static Parcel obtain() {
        return new Parcel();
    }

    public void writeInterfaceToken(String interfaceName) {
        mValues.add(interfaceName);
    }

    public void enforceInterface(String interfaceName) {
        Object token = read();
        if (!interfaceName.equals(token)) {
            throw new SecurityException("Binder invocation to an incorrect interface");
        }
    }

    public void writeNoException() {
        mValues.add(0);
    }

    public void readException() {
        Object code = read();
        if (!Integer.valueOf(0).equals(code)) {
            throw new IllegalStateException("remote exception " + code);
        }
    }

    public void writeString(String value) {
        mValues.add(value);
    }

    public String readString() {
        Object v = read();
        return v instanceof String ? (String) v : null;
    }

    public int dataPosition() {
        return mPos;
    }

    public void setDataPosition(int pos) {
        mPos = pos;
    }

    public void recycle() {
        mValues.clear();
        mPos = 0;
    }

    private Object read() {
        return mPos < mValues.size() ? mValues.get(mPos++) : null;
    }
}
