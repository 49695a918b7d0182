package android.security.net.config;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/** Stand-in for android.security.net.config.PinSet (frameworks/base, android-13.0.0_r1). */
public final class PinSet {
    public static final PinSet EMPTY_PINSET = new PinSet(Collections.emptySet(), Long.MAX_VALUE);
    public final long expirationTime;
    public final Set<Pin> pins;

    public PinSet(Set<Pin> pins, long expirationTime) {
        this.pins = pins;
        this.expirationTime = expirationTime;
    }

    Set<String> getPinAlgorithms() {
        Set<String> algorithms = new HashSet<>();
        for (Pin pin : pins) {
            algorithms.add(pin.digestAlgorithm);
        }
        return algorithms;
    }
}
