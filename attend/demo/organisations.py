"""Invented demo organisations. No real person, patient or member of staff appears here."""

from django.contrib.auth.hashers import make_password

from attend.accounts.models import User
from attend.organisations.hooks import team_places_changed
from attend.organisations.models import Membership, Organisation, Role, TeamMembership

DEMO_PASSWORD = "attend-demo"

FIRST_NAMES = [
    "Aisha",
    "Bryony",
    "Callum",
    "Delphine",
    "Eamon",
    "Farida",
    "Gethin",
    "Hollie",
    "Idris",
    "Jolene",
    "Kwame",
    "Lorna",
    "Mateusz",
    "Niamh",
    "Obi",
    "Priya",
    "Quentin",
    "Rhiannon",
    "Sanjay",
    "Tamsin",
    "Ulrich",
    "Verity",
    "Wendell",
    "Xenia",
    "Yusuf",
    "Zara",
    "Alfie",
    "Bethan",
    "Cormac",
    "Dilys",
    "Emeka",
    "Fenella",
    "Gideon",
    "Harriet",
    "Ishaan",
    "Juno",
]
LAST_NAMES = [
    "Ashdown",
    "Brackley",
    "Carrow",
    "Dunmore",
    "Elsworth",
    "Fairley",
    "Garside",
    "Holloway",
    "Inchley",
    "Jessop",
    "Kettering",
    "Lambourne",
    "Marchbank",
    "Northcott",
    "Ormerod",
    "Pendle",
    "Quarrie",
    "Rushworth",
    "Stainton",
    "Thackeray",
    "Underhill",
    "Varley",
    "Whitcombe",
    "Yardley",
]

NORTHFIELD_TEAMS = [
    ("Adult Community Services", None),
    ("District Nursing North", "Adult Community Services"),
    ("District Nursing South", "Adult Community Services"),
    ("Oakwood Ward", "Adult Community Services"),
    ("Children and Families", None),
    ("Health Visiting East", "Children and Families"),
    ("Corporate Services", None),
    ("People and Culture", "Corporate Services"),
]

# (email, name, team, team role, organisation roles)
NORTHFIELD_SIGN_INS = [
    ("admin@northfield.example", "Morgan Ashby", "People and Culture", Role.MEMBER, {Role.ADMIN}),
    ("leader@northfield.example", "Sam Okoro", "District Nursing North", Role.LEADER, set()),
    ("member@northfield.example", "Alex Rivers", "District Nursing North", Role.MEMBER, set()),
    ("facilitator@northfield.example", "Jo Whitlock", "People and Culture", Role.MEMBER, {Role.FACILITATOR}),
    # The ward manager works a 4-week rota of long days and nights (attend/demo/rota.py).
    ("ward@northfield.example", "Kemi Adebayo", "Oakwood Ward", Role.LEADER, set()),
]
# How many more invented people each team gets, to make 40 in all and a team of 12 under the demo leader.
# Oakwood Ward comes last, so everyone else keeps the invented name they had before it was added.
NORTHFIELD_EXTRA_PEOPLE = [
    ("District Nursing North", 11),
    ("District Nursing South", 9),
    ("Health Visiting East", 8),
    ("Adult Community Services", 2),
    ("Children and Families", 2),
    ("People and Culture", 1),
    ("Oakwood Ward", 2),
]


def _person(organisation, teams, email, name, team, team_role, org_roles, password_hash):
    user = User.objects.create(email=email, name=name, password=password_hash)
    membership = Membership.objects.create(
        organisation=organisation,
        user=user,
        is_admin=Role.ADMIN in org_roles,
        is_facilitator=Role.FACILITATOR in org_roles,
    )
    TeamMembership.objects.create(team=teams[team], membership=membership, role=team_role)
    return membership


def _invented_names():
    for index in range(len(FIRST_NAMES)):
        yield f"{FIRST_NAMES[index]} {LAST_NAMES[(index * 7) % len(LAST_NAMES)]}"


def _northfield(password_hash):
    organisation = Organisation.objects.create(name="Northfield Community Health", slug="northfield", is_nhs=True)
    teams = {}
    for name, parent in NORTHFIELD_TEAMS:
        teams[name] = organisation.teams.create(name=name, parent=teams.get(parent))
    for email, name, team, team_role, org_roles in NORTHFIELD_SIGN_INS:
        _person(organisation, teams, email, name, team, team_role, org_roles, password_hash)
    names = _invented_names()
    for team, count in NORTHFIELD_EXTRA_PEOPLE:
        for _ in range(count):
            name = next(names)
            email = name.lower().replace(" ", ".") + "@northfield.example"
            _person(organisation, teams, email, name, team, Role.MEMBER, set(), password_hash)
    return organisation


def _riverside(password_hash):
    organisation = Organisation.objects.create(name="Riverside Care Homes", slug="riverside", is_nhs=False)
    home = organisation.teams.create(name="Willow House")
    _person(
        organisation,
        {"Willow House": home},
        "leader@riverside.example",
        "Pat Merriman",
        "Willow House",
        Role.LEADER,
        {Role.ADMIN},
        password_hash,
    )
    for name in ["Robin Castell", "Lee Anwar", "Kit Bramall", "Dana Solberg", "Ash Pemberton"]:
        email = name.lower().replace(" ", ".") + "@riverside.example"
        _person(organisation, {"Willow House": home}, email, name, "Willow House", Role.MEMBER, set(), password_hash)
    return organisation


def load() -> str:
    if Organisation.objects.filter(slug="northfield").exists():
        return "Demo organisations are already loaded."
    password_hash = make_password(DEMO_PASSWORD)
    northfield = _northfield(password_hash)
    riverside = _riverside(password_hash)
    # Team places were written directly, so tell the apps that build on them (Connect pairs leaders with people).
    team_places_changed(teams=[*northfield.teams.all(), *riverside.teams.all()])
    return f"Loaded {northfield.name} ({northfield.memberships.count()} people) and Riverside Care Homes."
