package com.example.probe.shop;

import com.android.internal.probe.ValuesLog;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The probe's shop screen: the item list, then the detail of the first items, from the shop API.
 * Requests carry what a real shopping app sends about its user (device model in the User-Agent,
 * membership, account age, a returning user's id in a cookie, network, locale): the server may
 * price on any of it, which is what a differential run measures.
 */
public final class Shop {
    public static final String API = "https://shop.probe.example.com/api";
    private static final Pattern ITEM_ID = Pattern.compile("\"id\"\\s*:\\s*\"([A-Za-z0-9_-]{1,40})\"");

    private Shop() {}

    /** Browses the shop; returns the number of responses read (list + details). */
    public static int browse(String userAgent, String[] headers, int details) {
        String list = get(API + "/items?page=1", userAgent, headers);
        if (list == null) {
            return 0;
        }
        int n = 1;
        List<String> ids = new ArrayList<>();
        Matcher m = ITEM_ID.matcher(list);
        while (m.find() && ids.size() < details) {
            ids.add(m.group(1));
        }
        for (String id : ids) {
            if (get(API + "/items/" + id, userAgent, headers) != null) {
                n++;
            }
        }
        ValuesLog.log("app", "Shop.browse", n);
        return n;
    }

    private static String get(String url, String userAgent, String[] headers) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout(3000);
            c.setReadTimeout(5000);
            c.setRequestProperty("User-Agent", userAgent);
            c.setRequestProperty("Accept", "application/json");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                if (headers[i + 1] != null && !headers[i + 1].isEmpty()) {
                    c.setRequestProperty(headers[i], headers[i + 1]);
                }
            }
            if (c.getResponseCode() != 200) {
                return null;
            }
            try (InputStream in = c.getInputStream()) {
                return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("NET shop GET " + url + " failed: " + e);
            return null;
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }
}
