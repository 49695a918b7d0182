package com.google.android.gms.ads;

/**
 * Stand-in for com.google.android.gms.ads.AdRequest (only what the probe uses). Real apps ask for
 * non-personalised ads with the "npa" network extra of the AdMob adapter; the stand-in's Builder
 * keeps just that one flag ({@link Builder#setNonPersonalized}, a stand-in shorthand).
 */
public final class AdRequest {
    final boolean nonPersonalized;

    private AdRequest(boolean nonPersonalized) {
        this.nonPersonalized = nonPersonalized;
    }

    public static final class Builder {
        private boolean npa;

        public Builder() {}

        public Builder setNonPersonalized(boolean npa) {
            this.npa = npa;
            return this;
        }

        public AdRequest build() {
            return new AdRequest(npa);
        }
    }
}
