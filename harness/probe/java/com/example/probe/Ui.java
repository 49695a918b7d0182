package com.example.probe;

import com.example.probe.ui.Navigator;
import com.example.probe.ui.Variant;
import java.util.ArrayList;
import java.util.List;

/**
 * The current screen as a uiautomator-style dump (one line), so the device layer parses the
 * stand-in's screens with the same code as real Android dumps.
 */
final class Ui {
    static final String PKG = "com.example.probe";
    static final String LAUNCHER = "com.android.launcher3";

    /** A clickable node of the current screen and the action it triggers. */
    record Target(String text, String desc, String resourceId, String action) {}

    private final StringBuilder xml = new StringBuilder();
    private final List<Target> targets = new ArrayList<>();
    private final String pkg;

    private Ui(String pkg) {
        this.pkg = pkg;
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
                case '\r' -> b.append("&#13;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private Ui open(int index, String text, String rid, String cls, String desc, boolean clickable,
            boolean checkable, boolean checked, int l, int t, int r, int bt) {
        xml.append("<node index=\"").append(index).append("\" text=\"").append(esc(text))
                .append("\" resource-id=\"").append(rid.isEmpty() ? "" : pkg + ":id/" + rid)
                .append("\" class=\"").append(cls).append("\" package=\"").append(pkg)
                .append("\" content-desc=\"").append(esc(desc)).append("\" checkable=\"").append(checkable)
                .append("\" checked=\"").append(checked).append("\" clickable=\"").append(clickable)
                .append("\" enabled=\"true\" focusable=\"").append(clickable).append("\" focused=\"false\"")
                .append(" scrollable=\"false\" long-clickable=\"false\" password=\"false\" selected=\"false\"")
                .append(" bounds=\"[").append(l).append(',').append(t).append("][").append(r).append(',')
                .append(bt).append("]\">");
        return this;
    }

    private Ui close() {
        xml.append("</node>");
        return this;
    }

    private Ui leaf(int index, String text, String rid, String cls, String desc, String action, int l, int t, int r,
            int bt) {
        open(index, text, rid, cls, desc, action != null, false, false, l, t, r, bt).close();
        if (action != null) {
            targets.add(new Target(text, desc, rid.isEmpty() ? "" : pkg + ":id/" + rid, action));
        }
        return this;
    }

    private String dump() {
        return "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">" + xml
                + "</hierarchy>";
    }

    private static Ui consent(boolean zh, boolean preTicked) {
        Ui u = new Ui(PKG);
        u.open(0, "", "", "android.widget.FrameLayout", "", false, false, false, 0, 0, 1080, 2400);
        u.open(0, "", "privacy_dialog", "android.widget.LinearLayout", "", false, false, false, 90, 620, 990, 1780);
        u.leaf(0, zh ? "用户协议与隐私政策" : "Terms of Service and Privacy Policy", "dialog_title",
                "android.widget.TextView", "", null, 150, 680, 930, 760);
        u.leaf(1, zh ? "欢迎使用Probe！我们非常重视您的个人信息和隐私保护。在您使用Probe服务前，请仔细阅读《用户协议》和《隐私政策》，"
                + "我们将严格按照您同意的各项条款使用您的个人信息。点击“同意”即表示您已阅读并同意上述协议。"
                : "Welcome to Probe! We take your personal information seriously. Before using Probe, please read "
                + "our Terms of Service and Privacy Policy. Tap \"Agree\" to accept them.",
                "dialog_message", "android.widget.TextView", "", null, 150, 800, 930, 1420);
        u.leaf(2, zh ? "《隐私政策》" : "Privacy Policy", "policy_link", "android.widget.TextView", "", "open_policy",
                150, 1440, 930, 1500);
        if (preTicked) {
            String box = zh ? "我已阅读并同意《用户协议》和《隐私政策》" : "I have read and agree to the Terms and Privacy Policy";
            u.open(5, box, "cb_agree", "android.widget.CheckBox", "", true, true, true, 150, 1510, 930,
                    1550).close();
            u.targets.add(new Target(box, "", u.pkg + ":id/cb_agree", "noop"));
        }
        u.leaf(3, zh ? "同意" : "Agree", "btn_agree", "android.widget.Button", "", "agree", 150, 1560, 930, 1660);
        u.leaf(4, zh ? "不同意" : "Disagree", "btn_decline", "android.widget.Button", "", "decline", 150, 1680, 930,
                1760);
        u.close().close();
        return u;
    }

    private static Ui main(boolean zh) {
        Ui u = new Ui(PKG);
        u.open(0, "", "", "android.widget.FrameLayout", "", false, false, false, 0, 0, 1080, 2400);
        u.open(0, "", "main_root", "android.widget.LinearLayout", "", false, false, false, 0, 80, 1080, 2400);
        u.leaf(0, zh ? "Probe 资讯" : "Probe News", "title", "android.widget.TextView", "", null, 40, 100, 1040, 200);
        u.leaf(1, "", "search_box", "android.widget.EditText", zh ? "搜索" : "Search", null, 40, 220, 860, 320);
        u.leaf(2, zh ? "粘贴" : "Paste", "btn_paste", "android.widget.Button", "", "paste", 880, 220, 1040, 320);
        String[][] buttons = zh
                ? new String[][] {{"附近", "nearby"}, {"通讯录好友", "contacts"}, {"扫一扫", "scan"}, {"语音搜索", "voice"},
                    {"摇一摇", "shake"}, {"登录", "login"}, {"短信验证码", "sms_code"}}
                : new String[][] {{"Nearby", "nearby"}, {"Find friends", "contacts"}, {"Scan", "scan"},
                    {"Voice search", "voice"}, {"Shake", "shake"}, {"Sign in", "login"}, {"SMS code", "sms_code"}};
        for (int i = 0; i < buttons.length; i++) {
            int top = 360 + i * 140;
            u.leaf(3 + i, buttons[i][0], "btn_" + buttons[i][1], "android.widget.Button", "",
                    "feature " + buttons[i][1], 40, top, 1040, top + 120);
        }
        if (Persona.youthMode()) {
            u.leaf(10, zh ? "青少年模式已开启：部分功能需监护人同意后使用" : "Youth mode is on: some features need a guardian's consent",
                    "youth_banner", "android.widget.TextView", "", null, 40, 1400, 1040, 1500);
        }
        u.leaf(13, zh ? "刷新推荐" : "Refresh feed", "btn_refresh", "android.widget.Button", "", "refresh", 40, 1520,
                1040, 1640);
        u.leaf(11, zh ? "首页" : "Home", "tab_home", "android.widget.TextView", "", null, 0, 2260, 540, 2400);
        u.leaf(12, zh ? "我的" : "Me", "tab_me", "android.widget.TextView", "", "nav me", 540, 2260, 1080, 2400);
        u.close().close();
        return u;
    }

    private static Ui launcher() {
        Ui u = new Ui(LAUNCHER);
        u.open(0, "", "", "android.widget.FrameLayout", "", false, false, false, 0, 0, 1080, 2400);
        u.leaf(0, "Probe", "", "android.widget.TextView", "Probe", "launch_icon", 60, 1900, 260, 2140);
        u.close();
        return u;
    }

    private static Ui screen(String state, boolean zh, Navigator nav) {
        return switch (state) {
            case "consent_dialog" -> consent(zh, nav.variant() == Variant.DEFAULT_CONSENT);
            case "main" -> main(zh);
            default -> launcher();
        };
    }

    /** The screen for this app state; on "main" the navigator's screen unless the home screen shows. */
    static String dump(String state, boolean zh, Navigator nav) {
        if ("main".equals(state) && !nav.atHome()) {
            return nav.dump();
        }
        return screen(state, zh, nav).dump();
    }

    /** The action of the clickable node with this text (then content-desc, then resource-id), or null. */
    static String actionFor(String state, boolean zh, String label, Navigator nav) {
        if ("main".equals(state) && !nav.atHome()) {
            return nav.actionFor(label);
        }
        List<Target> ts = screen(state, zh, nav).targets;
        for (Target t : ts) {
            if (t.text().equals(label)) {
                return t.action();
            }
        }
        for (Target t : ts) {
            if (!t.desc().isEmpty() && t.desc().equals(label)) {
                return t.action();
            }
        }
        for (Target t : ts) {
            if (!t.resourceId().isEmpty() && (t.resourceId().equals(label) || t.resourceId().endsWith(":id/" + label))) {
                return t.action();
            }
        }
        return null;
    }
}
