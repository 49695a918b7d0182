package android.telephony;

/** Stand-in for android.telephony.CellInfoLte (toString carries the cell identity). */
public final class CellInfoLte extends CellInfo {
    private final String mMccMnc;
    private final int mCi;
    private final int mTac;

    CellInfoLte(String mccMnc, int ci, int tac) {
        mMccMnc = mccMnc;
        mCi = ci;
        mTac = tac;
    }

    @Override
    public String toString() {
        return "CellInfoLte:{mRegistered=YES mCellIdentity=CellIdentityLte:{ mCi=" + mCi + " mPci=211 mTac=" + mTac
                + " mMcc=" + mMccMnc.substring(0, 3) + " mMnc=" + mMccMnc.substring(3) + "}}";
    }
}
