"""The one console command, ``homeward``.

Pure subcommands (names, match, kinship) run without Django: they are engines with a command
line, fast to start and usable on a machine with no database. Everything else is Django's
manage.py under Homeward's name (``homeward migrate``, ``homeward runserver``, ``homeward demo``).
"""

from __future__ import annotations

import importlib
import os
import sys

# subcommand -> module exposing ``main(argv: list[str]) -> int``
PURE_COMMANDS: dict[str, str] = {
    "names": "homeward.names.cli",
    "match": "homeward.linkage.cli",
    "kinship": "homeward.kinship.engine.cli",
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``homeward`` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in PURE_COMMANDS:
        module = importlib.import_module(PURE_COMMANDS[args[0]])
        return int(module.main(args[1:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    if args and args[0] == "runserver":
        import django

        django.setup()
        from homeward.core.deploy import refuse_if_unsafe

        refuse_if_unsafe()

    execute_from_command_line(["homeward", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
