"""Paired change for cohort reports: the same people before and after, what changed, and how sure we can be.

Pure: lists of numbers in, a frozen result out; the t distribution from its exact series (`t_critical`).

What a report shows, and why:
- The mean of each person's change (after minus before), with a 95% confidence interval from the t distribution
  (the paired t interval: mean difference ± t(0.975, n-1) × SD of differences / √n).
- One effect size: d_av, the mean difference divided by the average of the before and after standard deviations
  (Lakens 2013). It is on the same footing as the effect sizes most programme evaluations publish and is not
  inflated by how strongly before and after scores correlate. d_z (the mean difference divided by the SD of the
  differences, the one the paired t test uses: t = d_z × √n) is kept as well, for anyone checking the test.
  See docs/adr/0013-programme-evaluation-and-moderation.md.
- Nothing at all below the minimum group size (attend.core.anonymity): a figure about fewer than five people
  could point at one of them.
"""

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean, stdev

from attend.core.anonymity import MINIMUM_GROUP_SIZE

CONFIDENCE = 0.95

# Cohen's rough guide, meant for differences between groups, which is the scale d_av is on.
EFFECT_SIZE_WORDS = ((0.8, "a large"), (0.5, "a medium"), (0.2, "a small"), (0.0, "a very small"))


@dataclass(frozen=True)
class PairedChange:
    n: int  # people with both a before and an after score
    mean_before: float
    mean_after: float
    mean_difference: float  # after minus before: positive means scores rose
    sd_difference: float
    ci_low: float  # 95% confidence interval for the mean difference
    ci_high: float
    effect_size: float | None  # d_av, the one to show; None when there is no spread to compare with
    effect_size_dz: float | None  # d_z; None when everyone changed by exactly the same amount
    description: str  # "Scores rose by 0.6 points on average (95% CI 0.2 to 1.0)."

    effect_size_name = "d_av"  # what to print next to effect_size

    @property
    def effect_size_words(self) -> str:
        """'a small', 'a medium' ... change, by Cohen's rough guide; '' when there is no effect size."""
        return effect_size_words(self.effect_size)


def effect_size_words(effect_size: float | None) -> str:
    if effect_size is None:
        return ""
    return next(words for threshold, words in EFFECT_SIZE_WORDS if abs(effect_size) >= threshold)


def _number(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    # "-0.0" reads as a fall that did not happen.
    return text.lstrip("-") if float(text) == 0 else text


def describe_change(
    mean_difference: float, ci_low: float, ci_high: float, *, decimals: int = 1, unit: str = "points"
) -> str:
    """Plain words for a mean change and its confidence interval, for a report or a commissioner's summary."""
    interval = f"(95% CI {_number(ci_low, decimals)} to {_number(ci_high, decimals)})"
    size = _number(abs(mean_difference), decimals)
    if float(size) == 0:
        sentence = f"Scores stayed about the same on average {interval}."
    else:
        direction = "rose" if mean_difference > 0 else "fell"
        sentence = f"Scores {direction} by {size} {unit} on average {interval}."
    if ci_low <= 0 <= ci_high and float(size) != 0:
        sentence += " The interval includes no change, so this could be chance."
    return sentence


def paired_change(
    before: Sequence[float],
    after: Sequence[float],
    *,
    minimum_pairs: int = MINIMUM_GROUP_SIZE,
    decimals: int = 1,
) -> PairedChange | None:
    """Paired change from before to after; `before[i]` and `after[i]` must be the same person.

    None when fewer than `minimum_pairs` people (never fewer than 2, the least a t interval needs).
    ValueError when the lists differ in length or hold something that is not a finite number.
    """
    if len(before) != len(after):
        raise ValueError(f"before has {len(before)} scores and after has {len(after)}; they must be pairs")
    for value in (*before, *after):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"{value!r} is not a score")
    n = len(before)
    if n < max(minimum_pairs, 2):
        return None

    differences = [b - a for a, b in zip(before, after, strict=True)]
    mean_difference = fmean(differences)
    sd_difference = stdev(differences)
    margin = t_critical(CONFIDENCE, n - 1) * sd_difference / math.sqrt(n)
    ci_low, ci_high = mean_difference - margin, mean_difference + margin

    average_sd = (stdev(before) + stdev(after)) / 2
    d_av = mean_difference / average_sd if average_sd > 0 else None
    d_z = mean_difference / sd_difference if sd_difference > 0 else None

    return PairedChange(
        n=n,
        mean_before=fmean(before),
        mean_after=fmean(after),
        mean_difference=mean_difference,
        sd_difference=sd_difference,
        ci_low=ci_low,
        ci_high=ci_high,
        effect_size=d_av,
        effect_size_dz=d_z,
        description=describe_change(mean_difference, ci_low, ci_high, decimals=decimals),
    )


def _t_central(t: float, df: int) -> float:
    """P(-t < T < t) for Student's t with `df` (a whole number) degrees of freedom: the exact finite series
    (Abramowitz and Stegun 26.7.3 and 26.7.4), in theta = atan(t / sqrt(df))."""
    theta = math.atan(t / math.sqrt(df))
    sin, cos2 = math.sin(theta), math.cos(theta) ** 2
    if df % 2:  # odd: 2/pi (theta + sin cos (1 + 2/3 cos^2 + 2.4/(3.5) cos^4 + ...)), df - 2 powers of cos
        term, total = 1.0, 1.0 if df > 1 else 0.0
        for k in range(1, (df - 1) // 2):
            term *= cos2 * (2 * k) / (2 * k + 1)
            total += term
        return 2 / math.pi * (theta + sin * math.cos(theta) * total)
    term = total = 1.0  # even: sin (1 + 1/2 cos^2 + 1.3/(2.4) cos^4 + ...)
    for k in range(1, df // 2):
        term *= cos2 * (2 * k - 1) / (2 * k)
        total += term
    return sin * total


def t_critical(confidence: float, df: int) -> float:
    """The t a two-sided `confidence` interval reaches with `df` degrees of freedom (scipy's
    `t.ppf((1 + confidence) / 2, df)`), by bisection on the exact distribution: no scipy, so the first cohort
    report in a process does not wait seconds for it to load (issue 21)."""
    low, high = 0.0, 1.0
    while _t_central(high, df) < confidence:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if _t_central(middle, df) < confidence:
            low = middle
        else:
            high = middle
        if high - low <= 1e-15 * high:
            break
    return (low + high) / 2


def pair_up[K: Hashable](
    before: Mapping[K, float | None], after: Mapping[K, float | None]
) -> tuple[list[float], list[float]]:
    """The scores of people who have both, as two lists in the same order, ready for paired_change.

    Keys are whatever identifies a person (a participant id); people with a None score on either side are left out.
    """
    both = [key for key in before if key in after and before[key] is not None and after[key] is not None]
    return [before[key] for key in both], [after[key] for key in both]
