package android.telephony.cdma;

import android.telephony.CellLocation;

/** Stand-in for android.telephony.cdma.CdmaCellLocation. */
public class CdmaCellLocation extends CellLocation {
    private final int mBaseStationId;
    private final int mSystemId;
    private final int mNetworkId;

    public CdmaCellLocation(int baseStationId, int systemId, int networkId) {
        mBaseStationId = baseStationId;
        mSystemId = systemId;
        mNetworkId = networkId;
    }

    public int getBaseStationId() {
        return mBaseStationId;
    }

    public int getSystemId() {
        return mSystemId;
    }

    public int getNetworkId() {
        return mNetworkId;
    }

    @Override
    public String toString() {
        return "[" + mBaseStationId + ",2147483647,2147483647," + mSystemId + "," + mNetworkId + "]";
    }
}
