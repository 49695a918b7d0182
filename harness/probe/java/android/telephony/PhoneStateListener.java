package android.telephony;

import java.util.List;

/** Stand-in for android.telephony.PhoneStateListener. */
public class PhoneStateListener {
    public static final int LISTEN_NONE = 0;
    public static final int LISTEN_CELL_LOCATION = 0x10;
    public static final int LISTEN_CELL_INFO = 0x400;

    public PhoneStateListener() {}

    public void onCellLocationChanged(CellLocation location) {}

    public void onCellInfoChanged(List<CellInfo> cellInfo) {}
}
