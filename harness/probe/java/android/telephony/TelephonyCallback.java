package android.telephony;

import java.util.List;

/** Stand-in for android.telephony.TelephonyCallback (API 31): events follow the listener interfaces. */
public class TelephonyCallback {
    public TelephonyCallback() {}

    /** Stand-in for TelephonyCallback$CellInfoListener. */
    public interface CellInfoListener {
        void onCellInfoChanged(List<CellInfo> cellInfo);
    }

    /** Stand-in for TelephonyCallback$CallStateListener. */
    public interface CallStateListener {
        void onCallStateChanged(int state);
    }
}
