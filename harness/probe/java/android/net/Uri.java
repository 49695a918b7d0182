package android.net;

/** Stand-in for android.net.Uri (abstract; parse gives the private StringUri as on Android). */
public abstract class Uri implements Comparable<Uri> {
    Uri() {}

    public static Uri parse(String uriString) {
        return new StringUri(uriString);
    }

    public abstract String getScheme();

    public abstract String getAuthority();

    public abstract String getPath();

    @Override
    public abstract String toString();

    @Override
    public int compareTo(Uri other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Uri u && toString().equals(u.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** Stand-in for android.net.Uri$StringUri. */
    private static class StringUri extends Uri {
        private final String uriString;

        StringUri(String uriString) {
            this.uriString = uriString;
        }

        @Override
        public String getScheme() {
            int colon = uriString.indexOf(':');
            return colon > 0 ? uriString.substring(0, colon) : null;
        }

        @Override
        public String getAuthority() {
            int start = uriString.indexOf("://");
            if (start < 0) {
                return null;
            }
            start += 3;
            int end = start;
            while (end < uriString.length() && "/?#".indexOf(uriString.charAt(end)) < 0) {
                end++;
            }
            return uriString.substring(start, end);
        }

        @Override
        public String getPath() {
            String auth = getAuthority();
            if (auth == null) {
                return null;
            }
            int start = uriString.indexOf("://") + 3 + auth.length();
            int end = start;
            while (end < uriString.length() && "?#".indexOf(uriString.charAt(end)) < 0) {
                end++;
            }
            return uriString.substring(start, end);
        }

        @Override
        public String toString() {
            return uriString;
        }
    }
}
