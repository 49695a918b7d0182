package android.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Stand-in for android.os.Parcel with the byte layout of AOSP android-13.0.0_r1
 * (frameworks/native/libs/binder/Parcel.cpp): little-endian, 4-byte aligned; a String is
 * String16 (int32 length in chars, UTF-16 chars, a NUL char, padding; -1 for null);
 * writeInterfaceToken writes the strict-mode policy | PENALTY_GATHER, the work-source uid
 * (kUnsetWorkSource, API 29+), the 'SYST' header (API 30+) and the descriptor.
 */
public final class Parcel {
    static final int STRICT_MODE_PENALTY_GATHER = 1 << 31;
    static final int UNSET_WORK_SOURCE = -1;
    static final int HEADER_SYST = ('S' << 24) | ('Y' << 16) | ('S' << 8) | 'T';

    private byte[] mData = new byte[64];
    private int mSize;
    private int mPos;

    private Parcel() {}

    public static Parcel obtain() {
        return new Parcel();
    }

    public void writeInterfaceToken(String interfaceName) {
        writeInt(STRICT_MODE_PENALTY_GATHER);
        writeInt(UNSET_WORK_SOURCE);
        writeInt(HEADER_SYST);
        writeString(interfaceName);
    }

    public void enforceInterface(String interfaceName) {
        readInt();
        readInt();
        int header = readInt();
        String token = readString();
        if (header != HEADER_SYST || !interfaceName.equals(token)) {
            throw new SecurityException("Binder invocation to an incorrect interface");
        }
    }

    public void writeNoException() {
        writeInt(0);
    }

    public void readException() {
        int code = readInt();
        if (code != 0) {
            throw new IllegalStateException("remote exception " + code);
        }
    }

    public void writeInt(int value) {
        ensure(4);
        ByteBuffer.wrap(mData, mPos, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
        advance(4);
    }

    public int readInt() {
        if (mPos + 4 > mSize) {
            return 0;
        }
        int v = ByteBuffer.wrap(mData, mPos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        mPos += 4;
        return v;
    }

    public void writeString(String value) {
        if (value == null) {
            writeInt(-1);
            return;
        }
        writeInt(value.length());
        int bytes = (value.length() + 1) * 2;
        int padded = (bytes + 3) & ~3;
        ensure(padded);
        ByteBuffer b = ByteBuffer.wrap(mData, mPos, padded).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < value.length(); i++) {
            b.putChar(value.charAt(i));
        }
        Arrays.fill(mData, mPos + value.length() * 2, mPos + padded, (byte) 0);
        advance(padded);
    }

    /** String16 at the current position, or null (also for a length that does not fit the data). */
    public String readString() {
        int len = readInt();
        if (len < 0) {
            return null;
        }
        int padded = (((len + 1) * 2) + 3) & ~3;
        if ((long) mPos + padded > mSize) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(mData, mPos, padded).order(ByteOrder.LITTLE_ENDIAN);
        char[] out = new char[len];
        for (int i = 0; i < len; i++) {
            out[i] = b.getChar();
        }
        mPos += padded;
        return new String(out);
    }

    public int dataSize() {
        return mSize;
    }

    public int dataPosition() {
        return mPos;
    }

    public void setDataPosition(int pos) {
        mPos = Math.max(0, Math.min(pos, mSize));
    }

    public void recycle() {
        mSize = 0;
        mPos = 0;
    }

    private void ensure(int n) {
        if (mPos + n > mData.length) {
            mData = Arrays.copyOf(mData, Math.max(mData.length * 2, mPos + n));
        }
    }

    private void advance(int n) {
        mPos += n;
        mSize = Math.max(mSize, mPos);
    }
}
