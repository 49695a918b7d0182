package android.telephony;

/** Stand-in for android.telephony.CellLocation (abstract). */
public abstract class CellLocation {
    public CellLocation() {}
}
