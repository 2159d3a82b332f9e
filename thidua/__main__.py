"""The `thidua` command: the project's manage.py (`thidua migrate`, `thidua demo`, `thidua serve` …)."""

import os
import sys

from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    execute_from_command_line(argv if argv is not None else ["thidua", *sys.argv[1:]])


if __name__ == "__main__":
    main()
