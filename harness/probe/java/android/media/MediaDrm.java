package android.media;

import com.android.internal.probe.DeviceState;
import java.util.HexFormat;
import java.util.UUID;

/** Stand-in for android.media.MediaDrm (Widevine): deviceUniqueId is per device and app signer. */
public final class MediaDrm implements AutoCloseable {
    public static final String PROPERTY_DEVICE_UNIQUE_ID = "deviceUniqueId";
    public static final String PROPERTY_VENDOR = "vendor";
    public static final UUID WIDEVINE_UUID = new UUID(0xEDEF8BA979D64ACEL, 0xA3C827DCD51D21EDL);

    private final UUID mScheme;

    public MediaDrm(UUID uuid) throws UnsupportedSchemeException {
        if (!WIDEVINE_UUID.equals(uuid)) {
            throw new UnsupportedSchemeException("Failed to instantiate drm object.");
        }
        mScheme = uuid;
    }

    public byte[] getPropertyByteArray(String propertyName) {
        if (PROPERTY_DEVICE_UNIQUE_ID.equals(propertyName)) {
            return HexFormat.of().parseHex(DeviceState.get("widevine_id"));
        }
        throw new IllegalArgumentException("unknown property " + propertyName);
    }

    public String getPropertyString(String propertyName) {
        return PROPERTY_VENDOR.equals(propertyName) ? "Google" : "";
    }

    @Override
    public void close() {}

    /** Stand-in for android.media.UnsupportedSchemeException's role. */
    public static final class UnsupportedSchemeException extends Exception {
        public UnsupportedSchemeException(String message) {
            super(message);
        }
    }
}
