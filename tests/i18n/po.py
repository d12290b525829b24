"""A small reader of gettext catalogues (enough for the checks of the tests)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def texts(self) -> list[str]:
        return [v for _k, v in sorted(self.msgstr.items())]


_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) (".*")$')


def read(path: Path) -> list[Entry]:
    """Every entry of the catalogue at ``path`` (the header included, as msgid "")."""
    entries: list[Entry] = []
    cur = Entry()
    started = False
    last: tuple[str, int] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if started:
                entries.append(cur)
            cur, started, last = Entry(), False, None
            continue
        if line.startswith("#~"):
            cur.obsolete = True
            continue
        if line.startswith("#,"):
            cur.flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        m = _LINE.match(line)
        value: str
        if m:
            key, index, literal = m.group(1), m.group(2), m.group(3)
            value = ast.literal_eval(literal)
            started = True
            if key.startswith("msgstr"):
                n = int(index) if index is not None else 0
                cur.msgstr[n] = value
                last = ("msgstr", n)
            else:
                setattr(cur, key, value)
                last = (key, 0)
        elif line.startswith('"') and last is not None:
            value = ast.literal_eval(line)
            if last[0] == "msgstr":
                cur.msgstr[last[1]] += value
            else:
                setattr(cur, last[0], (getattr(cur, last[0]) or "") + value)
    return entries
