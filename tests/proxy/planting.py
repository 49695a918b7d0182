"""Requests that carry planted identifiers in every supported encoding and place, plus a control.

Every client (curl, Python, Java) sends exactly these requests through the proxy; the tests
then assert each planted (data type, encoding, location) is found in that client's flows
and that the control request yields nothing.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import zlib
from dataclasses import dataclass, field
from urllib.parse import quote

import brotli
from backports import zstd

from harness.detect.known_values import KnownValue

IMEI = "867530012345674"
ANDROID_ID = "3f9a1c2b7d4e6f80"
OAID = "1f2e3d4c-5b6a-7980-abcd-ef0123456789"
MAC = "a4:5e:60:c1:22:9b"
PHONE = "+8613912345678"
LAT, LNG = "39.9087221", "116.3974995"
CLIP = "CANARY-clip-7f3a9e51"
CONTACT = "Canary Liu Wenjing"

VALUES = [
    KnownValue("imei", IMEI, "hook"), KnownValue("android_id", ANDROID_ID, "hook"),
    KnownValue("oaid", OAID, "hook"), KnownValue("mac_address", MAC, "device_profile"),
    KnownValue("phone_number", PHONE, "device_profile"), KnownValue("location", f"{LAT},{LNG}", "canary"),
    KnownValue("clipboard", CLIP, "canary"), KnownValue("contacts", CONTACT, "canary"),
]


@dataclass
class Planted:
    name: str
    method: str
    url: str
    headers: list[tuple[str, str]]
    body: bytes = b""
    expected: set[tuple[str, str, str]] = field(default_factory=set)
    """(data_type, encoding, location) that must be found."""


def _h(name: str, text: str) -> str:
    return hashlib.new(name, text.encode()).hexdigest()


def _b64(text: str, *, url: bool = False, pad: bool = True) -> str:
    out = (base64.urlsafe_b64encode if url else base64.b64encode)(text.encode()).decode()
    return out if pad else out.rstrip("=")


def _pb_varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _pb_field(no: int, payload: bytes) -> bytes:
    return _pb_varint(no << 3 | 2) + _pb_varint(len(payload)) + payload


def requests(scheme: str = "https", host_suffix: str = "") -> list[Planted]:
    """The planted requests; `scheme` for all but the first (always cleartext http)."""
    jwt_payload = _b64(json.dumps({"sub": "u1", "oaid": OAID}), url=True, pad=False)
    jwt = f"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{jwt_payload}.c2lnbmF0dXJl"
    out = [
        Planted(
            "query_headers", "GET",
            f"http://t.umeng.com{host_suffix}/v1/report/{_h('sha256', ANDROID_ID)}?imei={IMEI}"
            f"&loc={quote(LAT + ',' + LNG, safe='')}&mac={MAC.replace(':', '').upper()}&tel=13912345678",
            [("X-Imei-Md5", _h("md5", IMEI)), ("X-Device-Id", ANDROID_ID.upper()),
             ("Authorization", f"Bearer {jwt}"), ("Cookie", f"sid=abc; cid={_b64(OAID, url=True, pad=False)}")],
            expected={("imei", "plain", "url.query:imei"), ("location", "plain", "url.query:loc"),
                      ("mac_address", "mac_nosep", "url.query:mac"), ("phone_number", "phone_national", "url.query:tel"),
                      ("android_id", "sha256", "url.path"), ("imei", "md5", "header:X-Imei-Md5"),
                      ("android_id", "upper", "header:X-Device-Id"),
                      ("oaid", "plain", "header:Authorization > jwt:$.oaid"), ("oaid", b64url_label(OAID), "cookie:cid")}),
        Planted(
            "json", "POST", f"{scheme}://api.pangle.io{host_suffix}/api/ad/union/sdk/get_ads",
            [("Content-Type", "application/json")],
            json.dumps({"device": {"ids": ["n/a", _h("sha1", IMEI)], "mac": MAC.replace(":", "-").upper()},
                        "clip": CLIP.encode().hex(), "env": _b64(json.dumps({"aid": ANDROID_ID})),
                        "tag": CLIP.lower(), "who": quote(CONTACT)}).encode()[:-1]
            + b',"geo":{"lat":39.90872,"lng":116.39750}}',
            expected={("imei", "sha1", "body.json:$.device.ids[1]"), ("mac_address", "mac_dash", "body.json:$.device.mac"),
                      ("clipboard", "hex", "body.json:$.clip"), ("clipboard", "lower", "body.json:$.tag"),
                      ("contacts", "url", "body.json:$.who"),
                      ("android_id", "plain", "body.json:$.env > base64 > json:$.aid"),
                      ("location", "coord_5dp", "body.json:$.geo.lat"), ("location", "coord_5dp", "body.json:$.geo.lng")}),
        Planted(
            "form", "POST", f"{scheme}://log.getui.com{host_suffix}/api.php",
            [("Content-Type", "application/x-www-form-urlencoded")],
            f"aid={quote(_b64(ANDROID_ID), safe='')}&sig={_h('sha512', IMEI)}&ph={quote(PHONE, safe='')}"
            f"&ua={quote(_b64(OAID.upper(), url=True), safe='')}".encode(),
            expected={("android_id", "base64", "body.form:aid"), ("imei", "sha512", "body.form:sig"),
                      ("phone_number", "plain", "body.form:ph"), ("oaid", b64url_label(OAID.upper()), "body.form:ua")}),
        Planted(
            "multipart", "POST", f"{scheme}://upload.example-cdn.net{host_suffix}/u",
            [("Content-Type", "multipart/form-data; boundary=XyZb0undary")],
            (b"--XyZb0undary\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n"
             + json.dumps({"oaid": OAID.upper()}).encode()
             + b"\r\n--XyZb0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.vcf\"\r\n"
             b"Content-Type: text/vcard\r\n\r\nBEGIN:VCARD\nFN:" + CONTACT.encode() + b"\nEND:VCARD\n"
             b"\r\n--XyZb0undary--\r\n"),
            expected={("oaid", "upper", "body.multipart:meta > json:$.oaid"), ("contacts", "plain", "body.multipart:file")}),
        Planted(
            "protobuf", "POST", f"{scheme}://mtrace.qq.com{host_suffix}/report",
            [("Content-Type", "application/x-protobuf")],
            _pb_field(1, _pb_field(2, b"android") + _pb_field(3, IMEI.encode())) + _pb_field(4, MAC.encode()),
            expected={("imei", "plain", "body.protobuf:1.3"), ("mac_address", "plain", "body.protobuf:4")}),
        Planted(
            "gzip_json", "POST", f"{scheme}://api.appsflyer.com{host_suffix}/v1",
            [("Content-Type", "application/json"), ("Content-Encoding", "gzip")],
            gzip.compress(json.dumps({"af": {"advertiserIdMd5": _h("md5", ANDROID_ID.upper()), "imei_b64": _b64(IMEI)}}).encode()),
            expected={("android_id", "md5", "body.json:$.af.advertiserIdMd5"), ("imei", "base64", "body.json:$.af.imei_b64")}),
        Planted(
            "br_json", "POST", f"{scheme}://hm.baidu.com{host_suffix}/hm.gif",
            [("Content-Type", "application/json"), ("Content-Encoding", "br")],
            brotli.compress(json.dumps({"cuid": ANDROID_ID, "tel_sha256": _h("sha256", PHONE)}).encode()),
            expected={("android_id", "plain", "body.json:$.cuid"), ("phone_number", "sha256", "body.json:$.tel_sha256")}),
        Planted(
            "zstd_form", "POST", f"{scheme}://sdk.talkingdata.com{host_suffix}/g/d",
            [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Encoding", "zstd")],
            zstd.compress(f"oaid={OAID}&m={MAC.upper()}".encode()),
            expected={("oaid", "plain", "body.form:oaid"), ("mac_address", "upper", "body.form:m")}),
        Planted(
            "deflate_text", "POST", f"{scheme}://log.tendcloud.com{host_suffix}/t",
            [("Content-Type", "text/plain"), ("Content-Encoding", "deflate")],
            zlib.compress(f"clip: {CLIP}\ncontact: {CONTACT}\n".encode()),
            expected={("clipboard", "plain", "body.text"), ("contacts", "plain", "body.text")}),
    ]
    return out


def control(scheme: str = "https", host_suffix: str = "") -> Planted:
    """Look-alikes of the planted values that are not them: nothing may match."""
    return Planted(
        "control", "POST", f"{scheme}://api.example.org{host_suffix}/control?n=86753001234567&lat=39.91",
        [("Content-Type", "application/json"), ("X-Trace", _h("md5", IMEI + "x"))],
        json.dumps({"n": 8675300123456740, "lat": 39.9, "lng": 1116.3975, "txt": "3f9a1c2b7d4e6f8",
                    "mac": "a4:5e:60:c1:22:9c", "b": _b64("hello world, nothing here"), "t": 1390.90872}).encode())


def b64url_label(text: str) -> str:
    """"base64url" when the URL-safe alphabet differs from the standard one for this text, else "base64"."""
    return "base64url" if _b64(text, url=True) != _b64(text) else "base64"
