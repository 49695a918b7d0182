package com.example.probe.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * One screen as a uiautomator-style dump plus its clickable targets: rows, switches, buttons,
 * text fields and scrollable text, laid out top to bottom at 1080 px wide.
 */
public final class Screen {
    /** A node the user can act on and the action it triggers. */
    public record Target(String text, String desc, String resourceId, String action) {}

    private final StringBuilder xml = new StringBuilder();
    private final List<Target> targets = new ArrayList<>();
    private final String pkg;
    private int top = 80;
    private int index;

    public Screen(String pkg, String rootId) {
        this.pkg = pkg;
        open("", "", "android.widget.FrameLayout", false, false, false, false, 0, 0, 1080, 2400);
        open("", rootId, "android.widget.LinearLayout", false, false, false, false, 0, 80, 1080, 2400);
    }

    private String rid(String id) {
        return id.isEmpty() ? "" : pkg + ":id/" + id;
    }

    private void open(String text, String id, String cls, boolean clickable, boolean checkable, boolean checked,
            boolean scrollable, int l, int t, int r, int b) {
        xml.append("<node index=\"").append(index++).append("\" text=\"").append(esc(text))
                .append("\" resource-id=\"").append(rid(id)).append("\" class=\"").append(cls)
                .append("\" package=\"").append(pkg).append("\" content-desc=\"\" checkable=\"").append(checkable)
                .append("\" checked=\"").append(checked).append("\" clickable=\"").append(clickable)
                .append("\" enabled=\"true\" focusable=\"").append(clickable).append("\" focused=\"false\" scrollable=\"")
                .append(scrollable).append("\" long-clickable=\"false\" password=\"false\" selected=\"false\" bounds=\"[")
                .append(l).append(',').append(t).append("][").append(r).append(',').append(b).append("]\">");
    }

    private Screen leaf(String text, String id, String cls, String action, boolean checkable, boolean checked,
            int height) {
        open(text, id, cls, action != null, checkable, checked, false, 40, top, 1040, top + height);
        xml.append("</node>");
        top += height + 20;
        if (action != null) {
            targets.add(new Target(text, "", rid(id), action));
        }
        return this;
    }

    public Screen title(String text) {
        return leaf(text, "title", "android.widget.TextView", null, false, false, 100);
    }

    public Screen text(String text, String id) {
        return leaf(text, id, "android.widget.TextView", null, false, false, 120);
    }

    public Screen row(String text, String id, String action) {
        return leaf(text, id, "android.widget.TextView", action, false, false, 120);
    }

    public Screen button(String text, String id, String action) {
        return leaf(text, id, "android.widget.Button", action, false, false, 120);
    }

    public Screen toggle(String text, String id, boolean on, String action) {
        return leaf(text, id, "android.widget.Switch", action, true, on, 120);
    }

    public Screen checkbox(String text, String id, boolean on, String action) {
        return leaf(text, id, "android.widget.CheckBox", action, true, on, 120);
    }

    /** An EditText: tapping focuses it; `input` fills it. */
    public Screen field(String hint, String value, String id) {
        return leaf(value.isEmpty() ? hint : value, id, "android.widget.EditText", "focus " + id, false, false, 120);
    }

    /** A scrollable container showing `visible` (the current page of a longer text). */
    public Screen scrollText(String visible, String id) {
        open("", id, "android.widget.ScrollView", false, false, false, true, 0, top, 1080, top + 1600);
        open(visible, id + "_text", "android.widget.TextView", false, false, false, false, 40, top, 1040, top + 1600);
        xml.append("</node></node>");
        targets.add(new Target("", "", rid(id), "scroll " + id));
        top += 1620;
        return this;
    }

    /** The screen's nodes (its two root containers closed). */
    public String body() {
        return xml + "</node></node>";
    }

    public String dump() {
        return wrap(body());
    }

    static String wrap(String body) {
        return "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">" + body
                + "</hierarchy>";
    }

    /** The action of the target with this text, then resource-id (full or short), or null. */
    public String actionFor(String label) {
        for (Target t : targets) {
            if (!t.text().isEmpty() && t.text().equals(label)) {
                return t.action();
            }
        }
        for (Target t : targets) {
            if (!t.resourceId().isEmpty() && (t.resourceId().equals(label) || t.resourceId().endsWith(":id/" + label))) {
                return t.action();
            }
        }
        return null;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\n' -> b.append("&#10;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
