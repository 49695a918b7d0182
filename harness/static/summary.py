"""The human summary of a StaticReport (the `harness static` default output)."""

from __future__ import annotations

from harness.static.report import StaticReport

MAX_LINES = 40


def render(rep: StaticReport) -> str:
    a = rep.app
    lines = [f"{a.package} {a.version_name or '?'} ({a.version_code or '?'})  \"{a.app_name or ''}\"",
             f"  SDK: min {a.min_sdk}, target {a.target_sdk}   input: {rep.input_kind}, "
             f"{len(rep.files)} file(s)   mode: {rep.mode}",
             f"  signing: {', '.join(rep.signing.schemes) or 'unsigned'}"
             + "".join(f"; cert sha256 {c.sha256[:16]}… ({c.subject})" for c in rep.signing.certificates[:1])]
    net = rep.network
    nsc = net.network_security_config
    lines.append(f"  cleartext: usesCleartextTraffic={_b(net.uses_cleartext_traffic)}, default "
                 f"{'allowed' if net.cleartext_default else 'blocked'}"
                 + (f"; network security config {nsc.resource} ({len(nsc.domains)} domain rule(s)"
                    f"{', trusts user CAs' if nsc.trust_user_certs else ''})" if nsc else ""))
    lines.append(f"\nPermissions ({len(rep.permissions)}):")
    for p in rep.permissions:
        tags = [p.protection_level] + ([f"special:{p.special}"] if p.special else [])
        if p.used_in_code is False:
            tags.append("unused in code")
        lines.append(f"  {p.name:<52} {', '.join(tags)}")
    if rep.special_permissions:
        lines.append("\nSpecial access:")
        lines += [f"  {s.kind:<22} {s.name} ({s.via})" for s in rep.special_permissions]
    if rep.exported_components:
        lines.append(f"\nExported components ({len(rep.exported_components)}):")
        lines += [f"  {c.type:<9} {c.name}" + (f"  [guard {c.permission}]" if c.permission else "")
                  + ("" if c.explicit else "  (by intent filter)") for c in rep.exported_components]
    lines.append(f"\nSDKs ({len(rep.sdks)}):")
    for s in rep.sdks:
        ev = s.evidence
        what = [f"{ev.class_count} classes"] if ev.class_count else []
        what += [f"{len(ev.components)} components"] if ev.components else []
        what += [f"meta-data {', '.join(ev.meta_data)}"] if ev.meta_data else []
        what += [f"native {', '.join(ev.native_libs)}"] if ev.native_libs else []
        what += [f"assets {', '.join(ev.assets[:3])}"] if ev.assets else []
        kind = "library (sends nothing by itself)" if s.kind == "library" else s.category
        lines.append(f"  {s.id:<24} {s.name} ({s.vendor}) [{kind}] — {'; '.join(what)}")
    att = rep.attribution()
    share = f"{att['share']:.0%}" if att["share"] is not None else "n/a"
    lines.append(f"\nSensitive API call sites ({len(rep.call_sites)}; attributed to the app, a named SDK or a named "
                 f"library: {share}):")
    for c in rep.call_sites[:MAX_LINES]:
        lines.append(f"  {c.data_type or '-':<16} {c.api}  <- {c.caller} [{c.actor_key}]")
    if len(rep.call_sites) > MAX_LINES:
        lines.append(f"  … {len(rep.call_sites) - MAX_LINES} more (use --json)")
    lines.append(f"\nHosts ({len(rep.hosts)}): " + ", ".join(
        h.host + (f" [{h.sdk_id}]" if h.sdk_id else "") for h in rep.hosts[:MAX_LINES]))
    if rep.privacy_policy_urls:
        lines.append("Privacy-policy URL candidates: " + ", ".join(rep.privacy_policy_urls))
    lines.append(f"\nFlags ({len(rep.flags)}):")
    lines += [f"  {f.id}: {f.detail}" + (f"\n    {', '.join(f.items)}" if f.items else "") for f in rep.flags]
    lines += [f"note: {n}" for n in rep.notes]
    return "\n".join(lines)


def _b(v: bool | None) -> str:
    return "unset" if v is None else str(v).lower()
