"""The words of Connect: conversation guides and the sections of a wellbeing plan. Attend's own wording.

Pure data. The wellbeing guide follows the shape of a health and wellbeing conversation as NHS England
describes one (coaching style, the whole person, what is within the person's control, a plan, support);
the 1:1 guide is built on the four compassionate leadership behaviours.
"""

from dataclasses import dataclass

WELLBEING = "wellbeing"
ONE_TO_ONE = "one_to_one"
KINDS = ((WELLBEING, "Health and wellbeing conversation"), (ONE_TO_ONE, "Regular 1:1"))
KIND_NAMES = dict(KINDS)


@dataclass(frozen=True)
class GuideStep:
    heading: str
    prompts: tuple[str, ...]


WELLBEING_GUIDE = (
    GuideStep(
        "Arrive and listen",
        (
            "Put your phone away and give them your full attention.",
            "Ask an open question, like: how are things for you at the moment, at work and outside it?",
            "Let silences be. Listen to understand, not to fix.",
        ),
    ),
    GuideStep(
        "The whole person",
        (
            "Physical health and sleep.",
            "Mental and emotional wellbeing: what has been weighing on them.",
            "Relationships and support, at work and at home.",
            "Money worries, if they want to talk about them.",
            "Lifestyle: rest, food, movement, time for what matters to them.",
            "Feeling safe at work: physically and speaking up.",
            "Flexible working: whether their hours and pattern work for them.",
        ),
    ),
    GuideStep(
        "Normalise and understand",
        (
            "Say back what you heard, in your own words, and check you have it right.",
            "Let them know that what they feel makes sense, and that others feel it too.",
        ),
    ),
    GuideStep(
        "What is within their control",
        (
            "Ask what would make the biggest difference, even a small one.",
            "Ask what is within their control, what is within yours, and what neither of you can change.",
        ),
    ),
    GuideStep(
        "Agree a plan and signpost",
        (
            "Agree one or two actions, who does each, and by when.",
            "Offer support they might use: your organisation's list is below.",
            "Agree when you will talk again.",
        ),
    ),
)

ONE_TO_ONE_GUIDE = (
    GuideStep(
        "Attending",
        ("Start with them, not the agenda: how are you?", "Notice what they say and how they say it."),
    ),
    GuideStep(
        "Understanding",
        ("Ask what is going well and what is getting in the way.", "Check your understanding before you respond."),
    ),
    GuideStep(
        "Empathising",
        ("Acknowledge how the work feels for them, not only what needs doing.",),
    ),
    GuideStep(
        "Helping",
        (
            "Ask: what is the one thing I could do that would help most?",
            "Agree actions and owners. Carry the rest forward as talking points.",
        ),
    ),
)

GUIDES = {WELLBEING: WELLBEING_GUIDE, ONE_TO_ONE: ONE_TO_ONE_GUIDE}


@dataclass(frozen=True)
class PlanSection:
    key: str
    label: str
    hint: str


PLAN_SECTIONS = (
    PlanSection(
        "keeps_me_well", "What keeps me well at work", "For example: a proper break, knowing the plan for the day."
    ),
    PlanSection("signs", "Signs I might be struggling", "What you or others might notice first."),
    PlanSection("what_helps", "What helps when I am struggling", "What you would like colleagues to do, or not do."),
    PlanSection("from_my_leader", "What I would like from my leader", "For example: a check-in after a hard shift."),
    PlanSection("flexible_working", "Flexible working", "Hours, patterns or adjustments that work for you."),
    PlanSection("other", "Anything else", "Health, home, money, or anything that matters to you."),
)
PLAN_KEYS = tuple(section.key for section in PLAN_SECTIONS)

CADENCES = (
    (7, "Every week"),
    (14, "Every 2 weeks"),
    (28, "Every 4 weeks"),
    (42, "Every 6 weeks"),
    (91, "Every 3 months"),
)
CADENCE_NAMES = dict(CADENCES)

# Said by the action form and checked again by the service.
PAST_DUE = "Choose a date today or later, or leave it empty"


def every_weeks_words(weeks: int | None) -> str:
    if not weeks:
        return "just once"
    return "every week" if weeks == 1 else f"every {weeks} weeks"
