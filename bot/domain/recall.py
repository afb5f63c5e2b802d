"""Keys remembered in a fixed size, for a reading kept between messages (bot.domain.items_so_far):
a Bloom filter. "Never added" is certain; "perhaps added" is not an answer, and raises Unsure, on
which the caller reads the whole text again rather than guess. The filter's size does not grow
with what it holds, only how often it is unsure (about 1 in 700 questions at 600 keys, 1 in 13
at 3,000)."""

from __future__ import annotations

import base64
import hashlib
import zlib
from dataclasses import dataclass, field

BITS = 16384  # 2 KiB: a receipt reads and writes no more than this, compressed, however long
HASHES = 4


class Unsure(Exception):
    """The filter may hold the key: only the whole text can say."""


@dataclass
class Recall:
    bits: bytearray = field(default_factory=lambda: bytearray(BITS // 8))

    def add(self, key: str) -> None:
        for bit in _bits(key):
            self.bits[bit // 8] |= 1 << (bit % 8)

    def certainly_not(self, key: str) -> bool:
        return any(not self.bits[bit // 8] & (1 << (bit % 8)) for bit in _bits(key))

    def has(self, key: str) -> bool:
        """False if ``key`` was never added; Unsure if it may have been."""
        if self.certainly_not(key):
            return False
        raise Unsure(key)

    def kept(self) -> str:
        return base64.b64encode(zlib.compress(bytes(self.bits), 9)).decode()

    @classmethod
    def of(cls, kept: str) -> Recall:
        bits = bytearray(zlib.decompress(base64.b64decode(kept)))
        if len(bits) != BITS // 8:
            raise ValueError(f"a filter of {len(bits) * 8} bits, not {BITS}")
        return cls(bits)


def _bits(key: str) -> list[int]:
    digest = hashlib.blake2b(key.encode(), digest_size=4 * HASHES).digest()
    return [int.from_bytes(digest[4 * n : 4 * n + 4], "big") % BITS for n in range(HASHES)]
