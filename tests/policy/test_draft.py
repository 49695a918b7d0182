"""Drafting a policy YAML from privacy-policy text: exact drafts for three realistic texts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from harness.cli.main import main
from harness.policy.draft import draft_policy, draft_policy_file, find_sdks
from harness.policy.loader import check_policy, load_policy
from harness.policy.text import parse_html, parse_plain

DATA = Path(__file__).parent / "data"
TEXTS = ["waimai_zh.html", "dailybrief_en.md", "qingdu_negations_zh.txt"]


@pytest.mark.parametrize("name", TEXTS)
def test_exact_draft(name: str) -> None:
    expected = (DATA / (name.rsplit(".", 1)[0] + ".expected.yaml")).read_text(encoding="utf-8")
    assert draft_policy_file(DATA / name) == expected


@pytest.mark.parametrize("name", TEXTS)
def test_draft_passes_policy_check_and_cites_sentences(tmp_path: Path, name: str) -> None:
    out = tmp_path / "draft.yaml"
    out.write_text(draft_policy_file(DATA / name, package="com.example.drafted", category="news"), encoding="utf-8")
    assert check_policy(out) == []
    policy = load_policy(out)
    text = (DATA / name).read_text(encoding="utf-8")
    squashed = "".join(text.split())
    for item in (*policy.data, *policy.third_parties):
        assert item.citation, item
        for sentence in item.citation:
            if " | " not in sentence and "：" not in sentence[:12]:  # table rows / SDK blocks are re-joined
                assert "".join(sentence.split()) in squashed, sentence


def load(name: str):
    return yaml.safe_load(draft_policy_file(DATA / name))


def test_chinese_sdk_table_becomes_third_parties() -> None:
    draft = load("waimai_zh.html")
    parties = {p["name"]: p for p in draft["third_parties"]}
    assert parties["友盟+SDK"]["sdk"] == "umeng"
    assert parties["友盟+SDK"]["company"] == "友盟同欣（北京）科技有限公司"
    assert parties["友盟+SDK"]["data_types"] == ["device_identifier", "android_id", "oaid", "device_info"]
    assert parties["高德定位SDK"]["sdk"] == "amap"
    assert parties["高德定位SDK"]["data_types"] == ["location", "wifi_info", "cell_info"]
    assert "sdk" not in parties["美味分享SDK"] and parties["美味分享SDK"]["data_types"] == []
    loc = next(i for i in draft["data"] if i["type"] == "location")
    assert (loc["when"], loc["feature"], loc["background"], loc["separate_consent"], loc["frequency"]) == (
        "on_feature_use", "附近商家", True, True, {"count": 1, "per": "30s"})
    types = {i["type"] for i in draft["data"]}
    assert {"imei", "mac_address", "sms", "account_info"}.isdisjoint(types)  # negated / 短信验证码 / 账号
    assert draft["cross_border"] is False


def test_english_policy() -> None:
    draft = load("dailybrief_en.md")
    types = {i["type"] for i in draft["data"]}
    assert {"email", "android_id", "coarse_location", "advertising_id", "ip_address"} <= types
    assert {"location", "contacts", "call_log", "sms"}.isdisjoint(types)
    assert {p.get("sdk") for p in draft["third_parties"]} == {"google_crashlytics", "google_ads", "onesignal"}
    assert draft["cross_border"] is True


def test_negations_do_not_produce_items() -> None:
    draft = load("qingdu_negations_zh.txt")
    types = [i["type"] for i in draft["data"]]
    assert types == ["oaid", "phone_number", "location", "coarse_location", "ip_address"]
    loc = next(i for i in draft["data"] if i["type"] == "location")
    assert loc["separate_consent"] is True and loc["background"] is False
    assert {p["sdk"] for p in draft["third_parties"]} == {"umeng", "getui"}  # 广点通 is negated
    assert draft["cross_border"] is False


def test_flags_and_features_in_short_texts() -> None:
    doc = parse_plain("隐私政策\n在您使用摇一摇功能时，我们会在后台调用传感器信息，用于识别摇动。\n"
                      "我们可能将您的手机号码传输至境外。\n我们不会收集您的通话记录。\n")
    draft = yaml.safe_load(draft_policy(doc))
    items = {i["type"]: i for i in draft["data"]}
    assert set(items) == {"sensors", "phone_number"}
    assert items["sensors"]["feature"] == "摇一摇" and items["sensors"]["background"] is True
    assert items["sensors"]["purpose"] == "识别摇动"
    assert draft["cross_border"] is True


def test_sdk_names_in_prose_and_tables() -> None:
    assert [h[0] for h in find_sdks("我们接入了友盟+和极光推送SDK")] == ["umeng", "jpush"]
    assert find_sdks("You can adjust your settings") == []
    assert [h[0] for h in find_sdks("Adjust", table=True)] == ["adjust"]
    # names that are also apps count only where the sentence speaks of an SDK or partner
    assert find_sdks("我们会检测是否安装了支付宝客户端") == []
    assert [h[0] for h in find_sdks("我们集成了支付宝提供的支付插件")] == ["alipay"]


def test_english_frequency_and_feature() -> None:
    doc = parse_plain("When you turn on the Live Traffic feature, we read your precise location once every "
                      "30 seconds in the background.\n")
    item = yaml.safe_load(draft_policy(doc))["data"][0]
    assert (item["type"], item["feature"], item["frequency"], item["background"]) == (
        "location", "Live Traffic", {"count": 1, "per": "30s"}, True)


def test_html_tables_and_markdown_tables_are_split_from_prose() -> None:
    html = parse_html("<html><head><title>T</title><script>位置信息</script></head><body><p>a</p>"
                      "<table><tr><th>SDK名称</th><th>收集的信息</th></tr><tr><td>友盟</td><td>OAID</td></tr>"
                      "</table><p>b<br>c</p></body></html>")
    assert html.title == "T" and html.lines == ("a", "b", "c")
    assert html.tables == ((("SDK名称", "收集的信息"), ("友盟", "OAID")),)
    md = parse_plain("# Title\n\n| SDK name | Data |\n|---|---|\n| AdMob | advertising ID |\ntext\n", markdown=True)
    assert md.title == "Title" and md.lines == ("Title", "text")
    assert md.tables == ((("SDK name", "Data"), ("AdMob", "advertising ID")),)


def test_cli_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "d" / "draft.yaml"
    assert main(["policy", "draft", str(DATA / "qingdu_negations_zh.txt"), "--out", str(out),
                 "--package", "com.qingdu.news", "--category", "news"]) == 0
    assert load_policy(out).app.category == "news"
    assert main(["policy", "draft", str(tmp_path / "missing.txt")]) == 2
    assert "no such privacy policy file" in capsys.readouterr().err
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(b"%PDF")
    assert main(["policy", "draft", str(pdf)]) == 2
    assert "unsupported policy format '.pdf'" in capsys.readouterr().err
    assert main(["policy", "draft", str(DATA / "dailybrief_en.md"), "--category", "newz"]) == 2


def test_gb18030_text_and_lone_sdk_label(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_text("某App隐私政策\n第三方SDK：我们接入了以下SDK。\n我们会收集您的手机号码，用于登录。\n",
                    encoding="gb18030")
    draft = yaml.safe_load(draft_policy_file(path))
    assert draft["app"]["name"] == "某"
    assert [i["type"] for i in draft["data"]] == ["phone_number"]
    assert draft["data"][0]["purpose"] == "登录"
    assert draft["third_parties"] == []


def test_permission_table_rows_read_as_sentences() -> None:
    doc = parse_plain("| 权限名称 | 使用目的 |\n|---|---|\n| 读取通讯录 | 用于添加好友 |\n"
                      "| 相机 | 我们不会在您未使用扫一扫时调用相机 |\n")
    draft = yaml.safe_load(draft_policy(doc))
    assert [(i["type"], i["purpose"]) for i in draft["data"]] == [("contacts", "添加好友")]
    assert draft["data"][0]["source"] == ["读取通讯录 | 用于添加好友"]
