"""The Makefile: `make help` lists every target a person runs, each with what it does."""

import re
from pathlib import Path

MAKEFILE = Path(__file__).resolve().parents[3] / "Makefile"


def test_every_phony_target_has_a_help_line():
    text = MAKEFILE.read_text()
    phony = re.search(r"^\.PHONY:(.*)$", text, re.MULTILINE).group(1).split()
    described = set(re.findall(r"^([a-zA-Z][\w-]*):[^=\n]*## \S", text, re.MULTILINE))

    assert "help" in phony
    assert [target for target in phony if target not in described] == []
    assert sorted(described - set(phony)) == []
