"""Grow an organisation into a realistic trust, deterministically from a seed (issue 21).

Used by `bench/scale.py` (SMALL and LARGE trusts for the page benchmark and the load run) and by the query
growth test (`attend/tests/test_query_growth.py`, two tiny sizes). Invented people and words only.

What it writes, and how:
- teams in a tree (divisions, services, wards), each with a leader; people spread over the wards;
- Connect's pairings through the same hook the organisations services call when team places change, then held
  conversations (bulk, encrypted by the model field like every conversation);
- journal entries (bulk, with the prompts of Reflect's built-in templates; the content is encrypted by Reflect's
  field); leaders keep a year of practice sessions;
- a busy diary for the leaders in focus through Diary's own import (a generated .ics);
- monthly pulse rounds: rounds, single-use invitations and answers are written in bulk (40-60% answer), then every
  round's answers go through Listen's own sealing (`services.sealing.seal_ready_batches`) and past rounds through
  `pulse_round_close`, so sealed batches (and anything Listen keeps up to date when a batch seals) are exactly as
  answering one by one would leave them;
- programmes and cohorts through Programme's services, their places and sessions in bulk.

`grow` is additive: called again with another `offset`, it adds as much again (new teams and people, and the
people in focus get another `months` of history, further back), which is how the growth test doubles the data.

`grow` and `trust_create` are in trust.py; the steps, in teams.py, personal.py (journal, practice, diary),
together.py (Connect, Programme) and pulse.py, all draw from one random stream (growth.Grower) in the order `grow`
runs them: the same seed writes the same trust only while that order holds.
"""

from attend.demo.scale.growth import LARGE, PASSWORD, PRESETS, SMALL, TINY, Focus, Size
from attend.demo.scale.trust import SIGN_INS, grow, trust_create

__all__ = ["LARGE", "PASSWORD", "PRESETS", "SIGN_INS", "SMALL", "TINY", "Focus", "Size", "grow", "trust_create"]
