package android.telephony;

/** Stand-in for android.telephony.CellInfo (abstract). */
public abstract class CellInfo {
    CellInfo() {}

    public boolean isRegistered() {
        return true;
    }
}
