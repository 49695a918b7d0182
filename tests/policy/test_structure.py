"""Structure first: sections, definitions, children, user content, scope and permissions in drafts."""

from __future__ import annotations

import pytest
import yaml

from harness.policy.draft import draft_policy
from harness.policy.loader import parse_policy
from harness.policy.permissions import find_permissions
from harness.policy.structure import classify, heading_level, sentence_role
from harness.policy.text import parse_html, parse_plain


def draft(text: str) -> dict:
    return yaml.safe_load(draft_policy(parse_plain(text)))


def types(text: str) -> list[str]:
    return [i["type"] for i in draft(text)["data"]]


@pytest.mark.parametrize(("line", "level"), [
    ("二、我们如何收集和使用您的个人信息", 1), ("（一）帮助您注册账号", 2), ("1. 位置信息", 3), ("2.1 设备信息", 4),
    ("第三条 信息共享", 2), ("【引言】", 1), ("附录：相关定义", 1), ("Nine, how to contact us", 1),
    ("我们会收集您的位置信息。", None), ("1. 我们会收集您的位置信息，用于推荐。", None), ("位置信息", None),
])
def test_heading_levels(line: str, level: int | None) -> None:
    assert heading_level(line) == level


def test_sections_nest_and_table_of_contents_resets() -> None:
    lines = ["一、我们如何收集和使用您的个人信息", "二、您的权利", "一、我们如何收集和使用您的个人信息",
             "（一）为保障账号安全", "我们会收集您的IMEI。", "二、您的权利", "（一）查阅您的个人信息", "x。",
             "三、未成年人保护", "y。", "附录：相关定义", "z。"]
    kinds = [(line.kind, line.heading) for line in classify(lines)]
    assert kinds == [("collect", True), ("rights", True), ("collect", True), ("collect", True), ("collect", False),
                     ("rights", True), ("rights", True), ("rights", False), ("children", True), ("children", False),
                     ("definitions", True), ("definitions", False)]


@pytest.mark.parametrize(("sentence", "role"), [
    ("个人信息是指以电子或者其他方式记录的各种信息，如姓名、身份证件号码、IP地址。", "definitions"),
    ("个人敏感信息包括身份证件号码、个人生物识别信息、银行账号、行踪轨迹。", "definitions"),
    ("其中一旦泄露、非法提供或滥用可能危害人身和财产安全的信息为个人敏感信息，主要包括：身份证件号码。", "definitions"),
    ("Personal information means any information such as your name or email address.", "definitions"),
    ("如您是未满14周岁的未成年人，请在监护人指导下阅读本政策。", "children"),
    ("您公开发布的信息中可能会涉及您或他人的个人信息，如您上传的包含个人信息的图片。", "user content"),
    ("您可以在“设置-账号”中查阅、更正您的手机号码。", "rights"),
    ("You can delete your email address in the settings.", "rights"),
    ("我们会收集您的手机号码，用于注册。", None),
    ("We read your location by means of GPS to show nearby stores.", None),
    ("您可以修改补充您的昵称、性别、生日。", None),  # the user provides more: collection
    ("在您分享信息时，我们需要访问您的剪切板，读取口令。", None),
])
def test_sentence_roles(sentence: str, role: str | None) -> None:
    assert sentence_role(sentence) == role


def test_definitions_children_rights_and_user_content_declare_nothing() -> None:
    text = ("二、我们如何收集和使用您的个人信息\n我们会收集您的手机号码，用于注册。\n"
            "您发布的内容中可能包含您的位置信息，请谨慎发布。\n"
            "五、您的权利\n您可以在设置中查阅、更正您的电子邮箱。\n我们会保存您的身份证号码。\n"
            "六、我们如何处理未成年人的个人信息\n我们会收集监护人的姓名。\n"
            "附录：相关定义\n个人信息：指以电子方式记录的信息，包括姓名、生日、身份证件号码、通信通讯联系方式、通讯录。\n"
            "设备信息：包括设备型号、IMEI、MAC地址。\n")
    result = draft(text)
    assert [i["type"] for i in result["data"]] == ["phone_number"]
    notes = draft_policy(parse_plain(text))
    for why in ("location, user content", "email, rights", "id_document, rights section", "name, children",
                "device_info, imei, mac_address, definitions section"):
        assert f"not drafted ({why}" in notes, why


def test_sharing_section_scopes_to_named_sdks() -> None:
    text = ("三、我们如何共享您的个人信息\n我们可能会向合作伙伴共享您的订单信息和手机号码。\n"
            "我们接入了极光推送SDK，极光推送会收集您的设备标识符。\n"
            "3.2 第三方SDK\n电信一键登录SDK：收集的信息：IMSI、手机号码。\n")
    result = draft(text)
    assert [i["type"] for i in result["data"]] == ["imsi", "device_identifier", "phone_number"]
    jpush = next(p for p in result["third_parties"] if p.get("sdk") == "jpush")
    assert jpush["data_types"] == ["device_identifier"]
    phone = next(i for i in result["data"] if i["type"] == "phone_number")
    assert phone["source"] == ["电信一键登录SDK：收集的信息：IMSI、手机号码。"]  # not the sharing sentence


def test_list_items_in_collection_sections() -> None:
    text = "二、我们如何收集和使用您的个人信息\n位置信息：GPS信息、基站信息\n麦克风权限\n## Location.\n"
    assert set(types(text)) == {"location", "cell_info", "microphone"}


@pytest.mark.parametrize(("sentence", "groups"), [
    ("我们会申请相机、麦克风权限，用于拍摄视频。", ["CAMERA", "MICROPHONE"]),
    ("当您使用扫一扫时，我们会申请您的相机/摄像头权限", ["CAMERA"]),
    ("读取电话状态权限", ["PHONE"]),
    ("We ask for camera and microphone permissions to record video.", ["CAMERA", "MICROPHONE"]),
    ("android.permission.ACCESS_FINE_LOCATION", ["LOCATION"]),
    ("我们会在必要时申请相关权限", []),
])
def test_permission_mentions(sentence: str, groups: list[str]) -> None:
    assert [g for g, *_ in find_permissions(sentence)] == groups


def test_permissions_drafted_apart_with_purpose_and_citation() -> None:
    text = ("二、我们如何收集和使用您的个人信息\n当您使用扫一扫功能时，我们会申请相机权限，用于扫描二维码。\n"
            "我们不会申请通讯录权限。\n")
    doc = parse_html("<p>二、我们如何收集和使用您的个人信息</p><p>当您使用扫一扫功能时，我们会申请相机权限，用于扫描二维码。</p>"
                     "<p>我们不会申请通讯录权限。</p><table><tr><th>权限名称</th><th>使用目的</th></tr>"
                     "<tr><td>存储（读写外部存储）</td><td>用于缓存图片</td></tr></table>")
    out = draft_policy(doc)
    assert ("  - permission: CAMERA  # \"相机权限\"\n    purpose: \"扫描二维码\"\n    source:\n"
            "      - \"当您使用扫一扫功能时，我们会申请相机权限，用于扫描二维码。\"") in out
    assert "  - permission: STORAGE  # \"存储（读写外部存储）\"\n    purpose: \"缓存图片\"" in out
    assert "permission: CONTACTS" not in out and "permission CONTACTS, negated" in out
    declared = yaml.safe_load(out)["permissions"]  # apart from data types, and loadable as a policy
    assert sorted((p["permission"], p["purpose"]) for p in declared) == [("CAMERA", "扫描二维码"), ("STORAGE", "缓存图片")]
    policy, errors = parse_policy(out, "draft.yaml")
    assert errors == [] and sorted((p.group, p.purpose) for p in policy.permissions) == [("CAMERA", "扫描二维码"),
                                                                                      ("STORAGE", "缓存图片")]
    assert [i["type"] for i in draft(text)["data"]] == ["camera"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("我们可能会通过短信、电话及/或邮件的方式向您提供您可能感兴趣的广告。", []),
    ("如您不想接受商业广告，您可通过短信提示回复退订。", []),
    ("We may contact you by email or SMS.", []),
    ("我们会通过短信向您发送验证码，并收集您的手机号码。", ["phone_number"]),
    ("我们会读取您的短信，用于自动填写验证码。", ["sms"]),
    ("We collect your email address to send you receipts.", ["email"]),
])
def test_channels_to_the_user_are_not_collection(sentence: str, expected: list[str]) -> None:
    assert types(sentence) == expected
