"""A dozen invented journal entries for the demo leader. No real person, patient or place is described."""

import datetime

from django.utils import timezone

from attend.accounts.models import User
from attend.reflect.content import built_in_template
from attend.reflect.services import FeelingChoice, journal_entry_start, journal_entry_update

DEMO_AUTHOR = "leader@northfield.example"

# (days ago, template, title, answers by prompt key, (feeling then, intensity), (feeling now, intensity), tags)
ENTRIES = [
    (
        2,
        "gibbs",
        "A hard handover",
        {
            "description": "The evening handover ran late. Two of the team were still finishing notes and the night "
            "staff were waiting. I rushed the last part and missed asking how people were.",
            "feelings": "Tense while it was happening. Afterwards, a heavy feeling that I had let the team down.",
            "evaluation": "The clinical points were covered. What went badly was the tone: it felt hurried and cold.",
            "analysis": "I was carrying a meeting that overran. I brought that pressure into the room.",
            "conclusion": "Anyone with that diary would have struggled. I can protect ten minutes before handover.",
            "action-plan": "Block 16:30 to 16:45 as a pause. Open handover by asking how everyone is.",
        },
        ("tense", 3),
        ("hopeful", 2),
        ["handover", "team"],
    ),
    (
        5,
        "what-so-what-now-what",
        "Listening to a worried colleague",
        {
            "what": "A colleague stopped me in the corridor, worried about a rota change.",
            "so-what": "I noticed I was half-listening while thinking about my next meeting.",
            "now-what": "Next time I will say: I want to hear this properly, can we sit down at two?",
        },
        ("rushed", 2),
        ("settled", 2),
        ["listening"],
    ),
    (
        8,
        "learning-from-a-mistake",
        "Forgetting the team meeting agenda",
        {
            "what-happened": "I forgot to send the agenda, so the meeting started without one.",
            "how-it-felt": "Embarrassed at first, then irritated with myself.",
            "common-humanity": "Most leaders with a full diary drop something now and then.",
            "to-a-friend": "I would say: it was one agenda, the meeting still went well, be kind to yourself.",
            "next": "Send the agenda the day before, from a saved draft.",
        },
        ("annoyed", 2),
        ("calm", 2),
        ["meetings", "self-compassion"],
    ),
    (
        11,
        "free",
        "A good day on the ward",
        {
            "entry": "Walked the floor for twenty minutes. Heard two stories of care that made me proud of the team.",
        },
        ("proud", 3),
        ("grateful", 3),
        ["walk the floor"],
    ),
    (
        15,
        "nmc-reflective-account",
        "Feedback from a student nurse",
        {
            "nature": "A student nurse gave feedback that our induction felt rushed.",
            "learning": "People new to the team need time to ask questions without feeling a nuisance.",
            "change": "We now pair each student with a named buddy for the first week.",
            "code": {
                "text": "This is about treating people as individuals and supporting learning.",
                "choices": ["Prioritise people", "Promote professionalism and trust"],
            },
        },
        ("curious", 2),
        ("encouraged", 2),
        ["feedback", "students"],
    ),
    (
        19,
        "what-so-what-now-what",
        "Saying no to an extra meeting",
        {
            "what": "I declined a meeting that did not need me and used the hour to visit the team.",
            "so-what": "It felt uncomfortable, but the visit mattered more than the meeting.",
            "now-what": "Review my recurring meetings this month and keep only the ones I add to.",
        },
        ("uneasy", 1),
        ("confident", 2),
        ["diary", "time"],
    ),
    (
        24,
        "gibbs",
        "A difficult conversation about sickness absence",
        {
            "description": "I met a team member to talk about their recent absences.",
            "feelings": "Nervous beforehand. During it, I felt for them as they described their caring duties.",
            "evaluation": "We agreed a plan together. I talked too much at the start.",
            "analysis": "When I am nervous I fill silences. Silence gives the other person space.",
            "conclusion": "Being present mattered more than having the right words.",
            "action-plan": "Use the pause practice before these conversations, and let silences sit.",
        },
        ("nervous", 3),
        ("content", 2),
        ["conversations", "wellbeing"],
    ),
    (
        30,
        "free",
        "Tired but steady",
        {
            "entry": "A long week. I noticed I was snapping at small things. An early night is the kindest plan.",
        },
        ("exhausted", 3),
        ("steady", 1),
        ["tiredness"],
    ),
    (
        36,
        "learning-from-a-mistake",
        "Missing a message about a late shift",
        {
            "what-happened": "I missed a message asking for cover, so a shift started short.",
            "how-it-felt": "A sinking feeling. I wanted to apologise to everyone at once.",
            "common-humanity": "Messages get missed in busy weeks, by everyone.",
            "to-a-friend": "You put it right as soon as you knew. That is what matters.",
            "next": "Agree with the team one place for cover requests, not three.",
        },
        ("upset", 2),
        ("settled", 2),
        ["rota", "self-compassion"],
    ),
    (
        43,
        "what-so-what-now-what",
        "Thanking the night team",
        {
            "what": "I stayed late to thank the night team in person after a busy week.",
            "so-what": "They said nobody had done that in months. Small things carry weight.",
            "now-what": "Make it a habit once a month.",
        },
        ("warm", 2),
        ("connected", 3),
        ["thanks", "team"],
    ),
    (
        50,
        "nmc-reflective-account",
        "Learning from a complaint",
        {
            "nature": "A family raised a concern about how we communicated a discharge date.",
            "learning": "We assumed the family had heard what we told the patient.",
            "change": "We now check who the patient wants us to keep informed, and write it down.",
            "code": {
                "text": "Good communication keeps people safe and builds trust.",
                "choices": ["Prioritise people", "Preserve safety"],
            },
        },
        ("worried", 2),
        ("hopeful", 2),
        ["communication"],
    ),
    (
        57,
        "free",
        "Five minutes of breathing before the board",
        {
            "entry": "Did the breathing space before the board meeting. I spoke more slowly and listened better.",
        },
        ("anxious", 2),
        ("calm", 3),
        ["practice"],
    ),
]


def load() -> str:
    author = User.objects.filter(email=DEMO_AUTHOR).first()
    if author is None or author.journal_entries.exists():
        return "Demo journal entries are already loaded."
    today = timezone.localdate()
    for days_ago, template_key, title, answers, then, now, tags in ENTRIES:
        entry = journal_entry_start(author=author, template=built_in_template(template_key))
        journal_entry_update(
            entry=entry,
            title=title,
            event_date=today - datetime.timedelta(days=days_ago),
            answers={
                key: value if isinstance(value, dict) else {"text": value, "choices": []}
                for key, value in answers.items()
            },
            feelings=[FeelingChoice("then", then[0], then[1]), FeelingChoice("now", now[0], now[1])],
            tags=tags,
            finish=True,
        )
    return f"Loaded {len(ENTRIES)} journal entries for {DEMO_AUTHOR}."
