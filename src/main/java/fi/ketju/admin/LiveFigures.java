package fi.ketju.admin;

/**
 * What a route or mapping in force has done since the hub started: messages in (taken), out (completed), failed,
 * and the mean time over one in milliseconds (null before the first).
 */
record LiveFigures(long in, long out, long failed, Double meanMillis) {

    static Double millis(double mean) {
        return Math.round(mean * 1000) / 1000.0;
    }
}
