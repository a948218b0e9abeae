"""Diary's invented demo data (see attend.core.management.commands.demo_data.DEMO_LOADERS)."""


def load() -> str:
    return "Diary: nothing to load yet."
