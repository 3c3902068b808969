"""The one table of share networks: name, label, how the button works, and its URL template.

Adding a network is one entry here. `{url}` and `{title}` are filled in URL-encoded; Mastodon
also takes `{instance}`, a validated host name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from flask import current_app


@dataclass(frozen=True)
class Network:
    name: str
    label: str
    kind: str  # "link": opens a share page; "mailto"; "copy"; "prompt" (Mastodon); "native"
    template: str = ""

    def share_url(self, url: str, title: str, instance: str = "") -> str:
        return self.fill(quote(url, safe=""), quote(title, safe=""), instance) or url

    def fill(self, quoted_url: str, quoted_title: str, instance: str = "") -> str:
        """The share URL from an already URL-encoded url and title ("" for no template)."""
        if not self.template:
            return ""
        return self.template.format(url=quoted_url, title=quoted_title, instance=instance)


NETWORKS: dict[str, Network] = {
    network.name: network
    for network in [
        Network("email", "Email", "mailto", "mailto:?subject={title}&body={url}"),
        Network("copy", "Copy link", "copy"),
        Network("mastodon", "Mastodon", "prompt", "https://{instance}/share?text={title}%20{url}"),
        Network(
            "bluesky", "Bluesky", "link", "https://bsky.app/intent/compose?text={title}%20{url}"
        ),
        Network(
            "facebook", "Facebook", "link", "https://www.facebook.com/sharer/sharer.php?u={url}"
        ),
        Network("x", "X", "link", "https://x.com/intent/tweet?text={title}&url={url}"),
        Network(
            "linkedin",
            "LinkedIn",
            "link",
            "https://www.linkedin.com/sharing/share-offsite/?url={url}",
        ),
        Network(
            "reddit", "Reddit", "link", "https://www.reddit.com/submit?url={url}&title={title}"
        ),
        Network("whatsapp", "WhatsApp", "link", "https://wa.me/?text={title}%20{url}"),
        Network("telegram", "Telegram", "link", "https://t.me/share/url?url={url}&text={title}"),
        Network("native", "Share…", "native"),
    ]
}


def enabled_networks() -> list[Network]:
    """The networks SHARE_NETWORKS names, in its order."""
    return [NETWORKS[name] for name in current_app.config["SHARE_NETWORKS"] if name in NETWORKS]


_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def share_hosts() -> set[str]:
    """The hosts share URLs may lead to (besides a validated Mastodon instance)."""
    return {
        re.match(r"https://([^/]+)/", n.template).group(1)
        for n in NETWORKS.values()
        if n.template.startswith("https://") and "{instance}" not in n.template
    }


def valid_instance(raw: str) -> str | None:
    """A Mastodon instance as a lower-case ASCII host name, or None if it is not a plain one."""
    candidate = raw.strip().rstrip(".").lower()
    if not candidate or len(candidate) > 253:
        return None
    try:
        candidate = candidate.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = candidate.split(".")
    if len(labels) < 2 or labels[-1].isdigit():
        return None
    if not all(_LABEL.fullmatch(label) for label in labels):
        return None
    return candidate
