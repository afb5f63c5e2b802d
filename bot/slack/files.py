"""A file a person shared, read through the Web API: files.info, then its private URL.

Slack serves ``url_private_download`` only with the bot token in an ``Authorization`` header
(the ``files:read`` scope). Without it, or when the token is refused, Slack does not answer
401: it redirects to the workspace's sign-in page, which answers 200 with HTML. That page must
never be taken for the file, so an HTML answer where a file was expected is a refusal.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.documents.extract import MAX_BYTES
from bot.domain.errors import UnreadableFile
from bot.domain.files import FileProblem, unreadable
from bot.settings import Settings

MAX_FILE_BYTES = MAX_BYTES  # the default; no use fetching more than the reader will read
DOWNLOAD_TIMEOUT_SECONDS = 30
# files.info answers these for a file deleted (or never visible to the bot).
_GONE = ("file_not_found", "file_deleted")
# The answer had no usable body, and asking again later may well work.
_TRANSIENT = (SlackClientError, OSError, http.client.HTTPException)


class FileNotReachable(Exception):
    """Slack did not answer (unreachable, timed out, busy, 5xx): nothing was read, and
    trying again later may work. Not the person's mistake."""


class FileRefused(UnreadableFile):
    """Slack would not hand the file to the bot: its sign-in page instead of the bytes, a 401
    or 403, or files.info refused the token. Usually the ``files:read`` scope is missing or
    the app was not reinstalled after it was added. ``detail`` is for the log."""

    def __init__(self, name: str, *, detail: str) -> None:
        refusal = unreadable(FileProblem.REFUSED_BY_SLACK, name)
        super().__init__(refusal.reply, problem=refusal.problem, reason=refusal.reason)
        self.detail = detail


@dataclass(frozen=True)
class SharedFile:
    """The bytes of a shared file and what Slack says about it."""

    file_id: str
    name: str
    mimetype: str
    size: int
    data: bytes


def download_shared_file(client: WebClient, settings: Settings, file_id: str) -> SharedFile:
    """The whole file ``file_id``. UnreadableFile (with a reply) when it is gone or over the
    reader's file size, FileRefused when Slack will not hand it over, FileNotReachable when
    Slack does not answer. A file over the limit by its size is refused before any download."""
    most = settings.reader.file_bytes
    info = _file_info(client, file_id)
    name = str(info.get("name") or info.get("title") or file_id)
    mimetype = str(info.get("mimetype") or "")
    size = int(info.get("size") or 0)
    if size > most:
        raise unreadable(FileProblem.TOO_LARGE, name, size=size, limit=most)
    url = info.get("url_private_download") or info.get("url_private")
    if not url:
        raise FileRefused(name, detail=f"{file_id} has no private URL")
    data = _download(str(url), settings.bot_token, name, mimetype, most)
    if len(data) > most:  # files.info said less, or nothing: the bytes decide
        raise unreadable(FileProblem.TOO_LARGE, name, size=max(size, len(data)), limit=most)
    return SharedFile(file_id=file_id, name=name, mimetype=mimetype, size=len(data), data=data)


def _file_info(client: WebClient, file_id: str) -> dict[str, Any]:
    try:
        return dict(client.files_info(file=file_id)["file"])
    except SlackApiError as err:
        status, error = err.response.status_code, err.response.get("error")
        if status == 429 or status >= 500:
            raise FileNotReachable(f"files.info answered HTTP {status}") from err
        if error in _GONE:
            raise unreadable(FileProblem.GONE, "") from None
        raise FileRefused("", detail=f"files.info: {error}") from None
    except _TRANSIENT as err:
        raise FileNotReachable(f"files.info: {err!r}") from err


def _download(url: str, token: str | None, name: str, mimetype: str, most: int) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "s55bot"})
    authorization = f"Bearer {token}" if token else None
    if authorization:
        # Unredirected: the stdlib would copy a plain header to wherever a redirect points.
        request.add_unredirected_header("Authorization", authorization)
    opener = urllib.request.build_opener(_TokenStaysHome(url, authorization))
    try:
        with opener.open(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            content_type = response.headers.get("Content-Type", "")
            data = response.read(most + 1)  # one byte more tells "too large"
    except urllib.error.HTTPError as err:
        err.close()
        raise _http_refusal(err.code, name) from None
    except _TRANSIENT as err:  # URLError, timeouts and dropped connections included
        raise FileNotReachable(f"download of {name}: {err!r}") from err
    if _is_sign_in_page(content_type, data, mimetype):
        raise FileRefused(name, detail="Slack answered its sign-in page: token refused")
    return data


def _http_refusal(status: int, name: str) -> Exception:
    if status == 429 or status >= 500:
        return FileNotReachable(f"download of {name}: HTTP {status}")
    if status in (404, 410):
        return unreadable(FileProblem.GONE, name)
    return FileRefused(name, detail=f"download answered HTTP {status}")


def _is_sign_in_page(content_type: str, data: bytes, mimetype: str) -> bool:
    """HTML where a file was expected. A shared .html file is HTML too, so it is not judged;
    the body is looked at only when no Content-Type came (a proxy may drop it)."""
    if mimetype.startswith("text/html"):
        return False
    served = content_type.split(";")[0].strip().lower()
    if served:
        return served in ("text/html", "application/xhtml+xml")
    return data[:256].lstrip().lower().startswith((b"<!doctype html", b"<html"))


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()


class _TokenStaysHome(urllib.request.HTTPRedirectHandler):
    """Follows redirects, but sends the token only where the file's URL pointed (same scheme,
    host and port): never to another host, nor over plain HTTP after HTTPS."""

    def __init__(self, first_url: str, authorization: str | None) -> None:
        self._home = _origin(first_url)
        self._authorization = authorization

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and self._authorization and _origin(newurl) == self._home:
            new.add_unredirected_header("Authorization", self._authorization)
        return new
