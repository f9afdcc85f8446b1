"""The outbound guard: every spelling of an internal address is refused, public ones pass."""

from __future__ import annotations

import pytest

from peerapp.services import outbound

INTERNAL = [
    "https://127.0.0.1/push",
    "https://2130706433/push",  # decimal
    "https://0177.0.0.1/push",  # octal
    "https://0x7f.0.0.1/push",  # hex
    "https://0x7f000001/push",
    "https://127.1/push",  # short
    "https://10.1/push",
    "https://0/push",  # unspecified
    "https://localhost/push",
    "https://LOCALHOST./push",  # capitals and a trailing dot
    "https://ⓛocalhost/push",  # IDN that folds to localhost
    "https://[::1]/push",
    "https://[::]/push",
    "https://[::ffff:127.0.0.1]/push",  # IPv4-mapped
    "https://[::ffff:7f00:1]/push",
    "https://[::ffff:10.0.0.7]/push",
    "https://[::127.0.0.1]/push",  # IPv4-compatible
    "https://[2002:7f00:1::]/push",  # 6to4 of 127.0.0.1
    "https://[2002:a00:1::]/push",  # 6to4 of 10.0.0.1
    "https://[64:ff9b::a00:1]/push",  # NAT64 of 10.0.0.1
    "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/push",  # Teredo of 127.0.0.1
    "https://[fe80::1]/push",  # link-local
    "https://[fc00::1]/push",  # unique local
    "https://[fec0::1]/push",  # site-local
    "https://[ff02::1]/push",  # multicast
    "https://10.0.0.7/push",
    "https://172.16.0.1/push",
    "https://192.168.1.1/push",
    "https://100.64.0.1/push",  # shared (carrier-grade NAT)
    "https://169.254.169.254/latest/meta-data",  # cloud metadata
    "https://224.0.0.1/push",  # multicast
    "https://240.0.0.1/push",  # reserved
    "https://255.255.255.255/push",
    "https://192.0.2.1/push",  # documentation
]


@pytest.mark.parametrize("url", INTERNAL)
def test_internal_addresses_are_refused_in_every_spelling(url):
    with pytest.raises(outbound.OutboundRefused) as refused:
        outbound.check(url)
    assert refused.value.reason == "internal"
    assert url not in str(refused.value)


@pytest.mark.parametrize(
    "url",
    ["https://8.8.8.8/push", "https://[2001:4860:4860::8888]/x", "https://[64:ff9b::808:808]/x"],
)
def test_public_addresses_pass_and_are_pinned(url):
    destination = outbound.check(url)
    assert destination.address in url or destination.address == "64:ff9b::808:808"


def test_a_name_is_judged_by_every_address_it_resolves_to(monkeypatch):
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["93.184.216.34", "10.0.0.1"])
    with pytest.raises(outbound.OutboundRefused, match="internal"):
        outbound.check("https://push.example/x")
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["93.184.216.34"])
    assert outbound.check("https://PUSH.example./x").host == "push.example"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://8.8.8.8/push", "scheme"),
        ("ftp://8.8.8.8/push", "malformed"),
        ("https://user@8.8.8.8/push", "malformed"),
        ("https://8.8.8.8:port/push", "malformed"),
        ("https://8.8.8.8/a\r\nb", "malformed"),
        ("https:///push", "malformed"),
        ("https://no-such-host.invalid/push", "unresolvable"),
    ],
)
def test_what_is_not_an_https_url_to_a_known_host_is_refused(url, reason):
    with pytest.raises(outbound.OutboundRefused) as refused:
        outbound.check(url)
    assert refused.value.reason == reason


def test_the_allow_list_names_hosts_and_ports():
    assert outbound.allowed_hosts(" Push.intra:8443, feeds.intra ,,") == {
        "push.intra:8443",
        "feeds.intra",
    }


def test_the_allow_list_is_a_setting(tmp_path):
    from peerapp.config import Settings

    settings = Settings.from_env(str(tmp_path), {"PEERAPP_OUTBOUND_ALLOW": " push.intra:8443 "})

    assert settings.flask_config()["PEERAPP_OUTBOUND_ALLOW"] == "push.intra:8443"
    assert Settings.from_env(str(tmp_path), {}).flask_config()["PEERAPP_OUTBOUND_ALLOW"] == ""
