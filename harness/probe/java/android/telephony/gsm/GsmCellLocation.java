package android.telephony.gsm;

import android.telephony.CellLocation;

/** Stand-in for android.telephony.gsm.GsmCellLocation; toString as Android's "[lac,cid,psc]". */
public class GsmCellLocation extends CellLocation {
    private final int mLac;
    private final int mCid;

    public GsmCellLocation(int lac, int cid) {
        mLac = lac;
        mCid = cid;
    }

    public int getLac() {
        return mLac;
    }

    public int getCid() {
        return mCid;
    }

    public int getPsc() {
        return -1;
    }

    @Override
    public String toString() {
        return "[" + mLac + "," + mCid + ",-1]";
    }
}
