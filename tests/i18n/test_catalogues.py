"""The Russian and Arabic catalogues are complete, well-formed and use the glossary's terms."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.i18n.po import Entry, read

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("ru", "ar")
PLURAL_FORMS = {"ru": 3, "ar": 6}
# What makemessages reads: the source, not the tools, the tests or the virtual environment.
SOURCE = ("homeward", "config", "templates", "static")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "data", "fixtures", "vendor", "migrations")


def _regenerate(tmp_path: Path) -> Path:
    """makemessages over a copy of the source, merged into a copy of the catalogues."""
    for name in SOURCE:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name, ignore=SKIP)
    shutil.copytree(ROOT / "locale", tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"}
    args = ["-l", "ru", "-l", "ar", "--no-location", "-v", "0"]
    subprocess.run([sys.executable, "-m", "django", "makemessages", *args], cwd=tmp_path, env=env,
                   check=True, capture_output=True)
    if any(p.suffix == ".js" for p in (tmp_path / "static").rglob("*.js")):
        subprocess.run([sys.executable, "-m", "django", "makemessages", "-d", "djangojs", *args],
                       cwd=tmp_path, env=env, check=True, capture_output=True)
    return tmp_path / "locale"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _regenerate(tmp_path_factory.mktemp("catalogues"))


def _live(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if not e.obsolete and e.msgid]


def _key(e: Entry) -> str:
    return f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid


@pytest.mark.parametrize("lang", LANGUAGES)
def test_makemessages_over_the_source_leaves_nothing_untranslated_or_fuzzy(regenerated: Path, lang: str) -> None:
    problems = []
    for po in sorted((regenerated / lang / "LC_MESSAGES").glob("*.po")):
        for e in _live(read(po)):
            if e.fuzzy:
                problems.append(f"{po.name}: fuzzy: {e.msgid!r}")
            elif not e.translated:
                problems.append(f"{po.name}: untranslated: {e.msgid!r}")
            elif e.msgid_plural is not None and len(e.msgstr) != PLURAL_FORMS[lang]:
                problems.append(f"{po.name}: {len(e.msgstr)} plural forms, not {PLURAL_FORMS[lang]}: {e.msgid!r}")
    assert not problems, (
        f"{len(problems)} entries of the {lang} catalogue need a translation "
        "(run `uv run homeward makemessages -l ru -l ar --no-location --ignore=.venv --ignore=var "
        "--ignore=tests --ignore=benchmarks` and translate them):\n" + "\n".join(problems[:60])
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_compiles_with_every_placeholder_kept(lang: str, tmp_path: Path) -> None:
    for po in (ROOT / "locale" / lang / "LC_MESSAGES").glob("*.po"):
        result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(po)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_header_names_the_language_and_its_plural_forms(lang: str) -> None:
    header = next(e for e in read(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po") if not e.msgid)
    assert not header.fuzzy
    assert f"Language: {lang}\n" in header.msgstr[0]
    assert f"nplurals={PLURAL_FORMS[lang]};" in header.msgstr[0]


def _fold(text: str) -> str:
    """Case-folded, without Arabic vowel marks and with ё as е, so spelling variants compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ё", "е"))
    return "".join(c for c in decomposed if not ("\u064b" <= c <= "\u065f" or c == "\u0670" or c == "\u0306"))


def _glossary() -> list[dict[str, str]]:
    with open(ROOT / "docs" / "glossary.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_glossary_gives_every_term_in_english_russian_and_arabic() -> None:
    rows = _glossary()
    assert len(rows) >= 40
    for row in rows:
        assert row["english"] and row["russian"] and row["arabic"], row
        assert not any("a" <= c <= "z" for c in row["russian"].lower() if c not in "dna"), row
        assert all(not ("a" <= c.lower() <= "z") for c in row["arabic"]), row
    for term in ("case", "handover act", "guardian", "likelihood ratio", "chain of custody", "host-court decision",
                 "repatriation", "children's rights commissioner"):
        assert any(r["english"] == term for r in rows), term


def _fixture_texts() -> dict[str, list[str]]:
    """The reference data's texts by language ("en", "ru", "ar"), from the fixtures."""
    import json

    out: dict[str, list[str]] = {"en": [], "ru": [], "ar": []}
    for path in (ROOT / "homeward").glob("*/fixtures/*.json"):
        for row in json.loads(path.read_text(encoding="utf-8")):
            for name, value in row["fields"].items():
                if isinstance(value, str):
                    lang = name.rsplit("_", 1)[-1] if name.endswith(("_ru", "_ar")) else "en"
                    out[lang].append(value)
    return out


@pytest.mark.parametrize("lang,column", [("ru", "russian"), ("ar", "arabic")])
def test_catalogues_and_reference_data_use_the_glossary_terms(lang: str, column: str) -> None:
    """Where the English text uses a glossary term, the translations use the glossary's rendering."""
    entries = _live(read(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"))
    data = _fixture_texts()
    by_msgid = {_fold(e.msgid): e for e in entries if not e.msgctxt}
    english = _fold("\n".join([e.msgid for e in entries] + data["en"]))
    translated = _fold("\n".join([t for e in entries for t in e.texts()] + data[lang]))
    problems = []
    for row in _glossary():
        term = _fold(row[column])
        if _fold(row["english"]) in english and term not in translated:
            problems.append(f"{row['english']!r} is used, but {row[column]!r} appears in no translation")
        exact = by_msgid.get(_fold(row["english"]))
        if exact is not None and not any(term in _fold(t) for t in exact.texts()):
            problems.append(f"{row['english']!r} is translated {exact.texts()!r}, not with {row[column]!r}")
    assert not problems, "\n".join(problems)
