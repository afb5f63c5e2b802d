"""Links as they may be written into Slack markup or a document, whatever was stored."""

from __future__ import annotations

from urllib.parse import quote

# Everything a URL may hold as it is (RFC 3986 reserved and unreserved characters, and % so
# that existing escapes survive). Anything else (<, >, |, spaces, control characters,
# bidi marks, other non-ASCII) is percent-encoded, so a link can neither end the markup
# around it early nor carry characters a reader or a file format cannot take.
URL_SAFE = "!#$%&'()*+,/:;=?@[]~"


def encode_url(url: str) -> str:
    return quote(url, safe=URL_SAFE)
