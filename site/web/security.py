"""Security headers on every response, and no cookies."""

from __future__ import annotations

from flask import Flask, Response
from flask.sessions import SessionInterface

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        # Share forms without JavaScript answer 303 to the network's page or a mail client.
        "form-action 'self' https: mailto:",
        "frame-ancestors 'none'",
    ]
)

# Powerful features the site does not use are off, for its pages and anything they could embed.
# It uses two: "Copy link" writes the clipboard, and the device's share sheet (Web Share).
PERMISSIONS_POLICY = ", ".join(
    [
        *(
            f"{feature}=()"
            for feature in (
                "accelerometer",
                "autoplay",
                "camera",
                "display-capture",
                "encrypted-media",
                "fullscreen",
                "geolocation",
                "gyroscope",
                "magnetometer",
                "microphone",
                "midi",
                "payment",
                "picture-in-picture",
                "publickey-credentials-get",
                "screen-wake-lock",
                "usb",
                "xr-spatial-tracking",
            )
        ),
        "clipboard-write=(self)",
        "web-share=(self)",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    # Share tabs the site opens (and any page that opens the site) get no handle on its window.
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Browsers keep to https for a year once they have seen the site there. Sent only when
# BASE_URL is https; subdomains are left out, as the site may not own them.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


def headers_for(base_url: str) -> list[tuple[str, str]]:
    headers = list(HEADERS.items())
    if base_url.startswith("https://"):
        headers.append(("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY))
    return headers


class NoSessions(SessionInterface):
    """The site keeps no session: no cookie is read or set, and no signer is built per request
    (Flask's default session does that on every request, even one that never uses it)."""

    def open_session(self, app, request):
        return None  # Flask then uses its null session, which refuses to be written

    def save_session(self, app, session, response) -> None:
        return None


def init_app(app: Flask) -> None:
    app.session_interface = NoSessions()
    headers = headers_for(app.config["BASE_URL"])

    def add_headers(response: Response) -> Response:
        # No view sets these, so appending is safe (and cheaper than a lookup per header). The
        # site keeps no session and sets no cookie; tests check every route for that.
        response.headers.extend(headers)
        return response

    app.after_request(add_headers)
