"""The parts of a Word file (a zip package), read within a budget.

Only the parts asked for are ever inflated. Before one is, its declared size (the zip's
central directory) must fit in what is left of the budget; while it is, what comes out is
counted against that declared size (``zipfile`` itself never hands out more than the
declared size, and a part that inflates to less fails its CRC check: either way a lying size
is caught before it costs anything). Entries flagged encrypted are refused up front: a zip
reader would only ask for a password.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from types import TracebackType
from typing import IO, TYPE_CHECKING

from lxml import etree

from bot.domain.files import MB, FileProblem, ReaderLimits, unreadable

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_ENCRYPTED = 0x1  # general purpose flag bit 0
# What a document's relationships are called by (the end of their type URI).
_WANTED = ("officeDocument", "styles", "numbering")


def safe_parser() -> etree.XMLParser:
    """No entities expanded, no network, no DTD, no "huge" documents (lxml's own bounds on
    depth and text node size stay on)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


class Parts:
    """``with Parts(data, filename, limits) as parts: parts.read(name)``."""

    def __init__(self, data: bytes, filename: str, limits: ReaderLimits) -> None:
        self._filename = filename
        self._archive = zipfile.ZipFile(io.BytesIO(data))
        entries = self._archive.infolist()
        if any(entry.flag_bits & _ENCRYPTED for entry in entries):
            self._archive.close()
            raise unreadable(FileProblem.ENCRYPTED, filename)
        self._entries = {entry.filename: entry for entry in entries}
        self._budget = limits.unpacked_bytes
        self._left = limits.unpacked_bytes

    def __enter__(self) -> Parts:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._archive.close()

    def main_document(self) -> str:
        """The part holding the document's body (Word's word/document.xml)."""
        main = self._related("", "_rels/.rels").get("officeDocument", "word/document.xml")
        if main not in self._entries:
            raise unreadable(FileProblem.NOT_A_KIND_WE_READ, self._filename)
        return main

    def related(self, part: str) -> dict[str, str]:
        """The parts ``part`` names as its styles and its lists, by what they are."""
        folder, name = posixpath.split(part)
        return self._related(folder, posixpath.join(folder, "_rels", name + ".rels"))

    def _related(self, folder: str, rels: str) -> dict[str, str]:
        if rels not in self._entries:
            return {}
        found: dict[str, str] = {}
        for link in etree.fromstring(self.read(rels), safe_parser()).iter(_RELATIONSHIPS):
            kind = (link.get("Type") or "").rsplit("/", 1)[-1]
            target = link.get("Target") or ""
            if kind in _WANTED and kind not in found and link.get("TargetMode") != "External":
                path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                found[kind] = posixpath.normpath(path)
        return {kind: path for kind, path in found.items() if path in self._entries}

    def read(self, name: str) -> bytes:
        with self.open(name) as part:
            return part.read()

    def open(self, name: str) -> _Inflating:
        """The part, inflated as it is read; refused before anything is inflated when its
        declared size is more than what is left of the budget."""
        entry = self._entries.get(name)
        if entry is None:
            raise unreadable(FileProblem.DAMAGED, self._filename)
        if entry.file_size > self._left:
            raise unreadable(
                FileProblem.TOO_LARGE_UNPACKED,
                self._filename,
                detail=f"its text would come to more than {self._budget // MB} MB",
            )
        self._left -= entry.file_size
        return _Inflating(self._archive.open(entry), entry.file_size, self)


class _Inflating(io.RawIOBase):
    """A part as it is inflated, never more than its declared size."""

    def __init__(self, source: IO[bytes], declared: int, parts: Parts) -> None:
        super().__init__()
        self._source, self._left, self._parts = source, declared, parts

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self._source.read(len(view))
        if len(data) > self._left:
            raise unreadable(
                FileProblem.TOO_LARGE_UNPACKED,
                self._parts._filename,
                detail="a part inflates to more than it says",
            )
        self._left -= len(data)
        view[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            chunks = []
            while chunk := self.read(64 * 1024):
                chunks.append(chunk)
            return b"".join(chunks)
        buffer = bytearray(size)
        got = self.readinto(buffer)
        return bytes(buffer[:got])

    def close(self) -> None:
        self._source.close()
        super().close()
