"""The one table of share networks: name, label, how its button works, and its URL template.

Adding a network is one entry here: it is enabled by default (SHARE_NETWORKS, when set, names
the enabled ones instead). `{url}` and `{title}` are filled in URL-encoded; Mastodon also
takes `{instance}`, a validated host name.

How a button works is the network's `how`, read here alone: its form's attributes (which the
share button partial writes and site.js acts on), whether a press asks for a Mastodon server,
and where a press without JavaScript leads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from flask import current_app

# What a network's button does when pressed (beside counting the press, through htmx):
PAGE = "page"  # opens the network's share page in a new tab
MAIL = "mail"  # opens the reader's mail program
COPY = "copy"  # copies the post's address
ASK_INSTANCE = "ask-instance"  # asks for the reader's Mastodon server, then opens its page
SHEET = "sheet"  # the device's own share sheet, where the browser has one

# What a Mastodon button asks for (site.js's prompt); without JavaScript, a field asks it.
PROMPT = "Your Mastodon server, for example mastodon.social"
# A Mastodon server as `valid_instance` takes it, once in ASCII: site.js checks an answer
# against it before it opens the server's share page.
INSTANCE_PATTERN = (
    r"^(?=.{1,253}$)(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+(?![0-9]+$)(?!-)[a-z0-9-]{1,63}(?<!-)$"
)


@dataclass(frozen=True)
class Network:
    name: str
    label: str
    how: str  # PAGE, MAIL, COPY, ASK_INSTANCE or SHEET
    template: str = ""

    @property
    def asks_instance(self) -> bool:
        return self.how == ASK_INSTANCE

    @property
    def pressed_by_script(self) -> bool:
        """Whether site.js posts the press itself, once the page or sheet it opens is open
        (htmx posts every other press): a press that opened nothing is never counted."""
        return self.how in (ASK_INSTANCE, SHEET)

    @property
    def needs_script(self) -> bool:
        """Whether only a script can use it (the device's share sheet): without one, a press
        opens nothing, so the site refuses it rather than count it."""
        return self.how == SHEET

    def form_attributes(self, share_url: str, post_url: str, title: str) -> dict[str, str | bool]:
        """The attributes of this network's form, beside those every share form has: what
        site.js reads (data-*). True stands for an attribute without value."""
        if self.how in (PAGE, MAIL):
            return {"target": "_blank", "data-share-url": share_url}
        if self.how == ASK_INSTANCE:
            # `share_url` holds "{instance}", which site.js fills with the reader's answer.
            # Without JavaScript the form posts to a new tab, which the press sends on.
            return {
                "target": "_blank",
                "data-share-template": share_url,
                "data-prompt": PROMPT,
                "data-instance-pattern": INSTANCE_PATTERN,
            }
        if self.how == COPY:
            return {"data-copy-url": post_url}
        if self.how == SHEET:
            # Shown by site.js where the browser has a share sheet.
            return {
                "hidden": True,
                "data-native-share": True,
                "data-title": title,
                "data-url": post_url,
            }
        return {}

    def after_press(self, post_url: str, title: str, instance: str, bar: str) -> str:
        """Where a press without JavaScript leads: the network's share page, or back to the
        post's share bar (`bar`, its address) for a copied link."""
        if self.how == COPY:
            return bar
        return self.share_url(post_url, title, instance)

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
        Network("email", "Email", MAIL, "mailto:?subject={title}&body={url}"),
        Network("copy", "Copy link", COPY),
        Network(
            "mastodon", "Mastodon", ASK_INSTANCE, "https://{instance}/share?text={title}%20{url}"
        ),
        Network("bluesky", "Bluesky", PAGE, "https://bsky.app/intent/compose?text={title}%20{url}"),
        Network("facebook", "Facebook", PAGE, "https://www.facebook.com/sharer/sharer.php?u={url}"),
        Network("x", "X", PAGE, "https://x.com/intent/tweet?text={title}&url={url}"),
        Network(
            "linkedin",
            "LinkedIn",
            PAGE,
            "https://www.linkedin.com/sharing/share-offsite/?url={url}",
        ),
        Network("reddit", "Reddit", PAGE, "https://www.reddit.com/submit?url={url}&title={title}"),
        Network("whatsapp", "WhatsApp", PAGE, "https://wa.me/?text={title}%20{url}"),
        Network("telegram", "Telegram", PAGE, "https://t.me/share/url?url={url}&text={title}"),
        Network("native", "Share…", SHEET),
    ]
}


def enabled_networks() -> list[Network]:
    """The networks SHARE_NETWORKS names, in its order; every network when it names none."""
    names = current_app.config.get("SHARE_NETWORKS") or NETWORKS
    return [NETWORKS[name] for name in names if name in NETWORKS]


_INSTANCE = re.compile(INSTANCE_PATTERN)


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
    return candidate if _INSTANCE.fullmatch(candidate) else None
