"""Keys seen earlier in the file (NIB, NIK, hashed name) → the row that had them first, in little memory.

A dict of a million int keys costs ~100 bytes an entry (the key object, the entry, the table); this keeps
the keys and row numbers in two flat arrays (open addressing, linear probing) at ~20–40 bytes an entry,
which is what keeps the import of a million rows under its memory budget."""

from array import array

_EMPTY = 0
_ZERO_KEY = -(1 << 63)  # stands in for key 0, which marks an empty slot
_MIX = 0x9E3779B97F4A7C15  # Fibonacci hashing: neighbouring keys land far apart


class SeenKeys:
    """int64 key → first row number (1 … 2**32-1)."""

    __slots__ = ("_keys", "_rows", "_mask", "_shift", "_count", "_limit")

    def __init__(self, capacity_bits: int = 12):
        self._allocate(capacity_bits)
        self._count = 0

    def _allocate(self, bits: int):
        size = 1 << bits
        self._keys = array("q", bytes(8 * size))
        self._rows = array("I", bytes(4 * size))  # 32-bit unsigned on every platform CPython runs on
        self._mask = size - 1
        self._shift = 64 - bits
        self._limit = size * 5 // 8

    def __len__(self):
        return self._count

    def _slot(self, key: int) -> int:
        return ((key * _MIX) & 0xFFFFFFFFFFFFFFFF) >> self._shift

    def first(self, key: int, row: int) -> int:
        """The row that had `key` first; when it is new, remember `row` for it and return 0."""
        if key == _EMPTY:
            key = _ZERO_KEY
        keys, mask = self._keys, self._mask
        slot = self._slot(key)
        while True:
            found = keys[slot]
            if found == key:
                return self._rows[slot]
            if found == _EMPTY:
                break
            slot = (slot + 1) & mask
        keys[slot] = key
        self._rows[slot] = row
        self._count += 1
        if self._count > self._limit:
            self._grow()
        return 0

    def _grow(self):
        old_keys, old_rows = self._keys, self._rows
        self._allocate(64 - self._shift + 1)
        keys, rows, mask, slot_of = self._keys, self._rows, self._mask, self._slot
        for key, row in zip(old_keys, old_rows):
            if key != _EMPTY:
                slot = slot_of(key)
                while keys[slot] != _EMPTY:
                    slot = (slot + 1) & mask
                keys[slot] = key
                rows[slot] = row

