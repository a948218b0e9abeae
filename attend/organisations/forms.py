from django import forms
from django.contrib.auth import password_validation

from attend.accounts.forms import NEW_PASSWORD_HINT
from attend.accounts.models import User
from attend.nhsuk_forms import fields as nf
from attend.organisations.models import ORGANISATION_ROLES, Role, TwoFactorRule
from attend.organisations.selectors import teams_as_choices

NO_TEAM = ""
TEAM_ROLE_CHOICES = [(Role.MEMBER.value, "Team member"), (Role.LEADER.value, "Leader of this team")]
ORGANISATION_ROLE_CHOICES = [(role.value, role.label) for role in ORGANISATION_ROLES]


def team_choices(organisation, *, empty_label: str) -> list[tuple[str, str]]:
    return [(NO_TEAM, empty_label), *teams_as_choices(organisation)]


class TeamForm(forms.Form):
    name = nf.CharField(label="Team name", max_length=200, error_messages={"required": "Enter the team's name"})
    parent = nf.ChoiceField(
        fixed_choices=True,
        label="Part of",
        required=False,
        widget=forms.Select,
        hint="Teams can sit inside a larger team, such as a ward inside a directorate.",
    )

    def __init__(self, *args, organisation, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        choices = team_choices(organisation, empty_label="No larger team (top level)")
        if team is not None:
            del self.fields["parent"]
        else:
            self.fields["parent"].choices = choices

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        return self.organisation.teams.get(pk=parent_id) if parent_id else None


class InviteForm(forms.Form):
    name = nf.CharField(label="Full name", max_length=150, error_messages={"required": "Enter the person's name"})
    email = nf.EmailField(
        label="Work email address",
        max_length=254,
        hint="We will send the invitation to this address.",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )
    team = nf.ChoiceField(fixed_choices=True, label="Team", required=False, widget=forms.Select)
    team_role = nf.ChoiceField(
        fixed_choices=True, label="Their role in this team", choices=TEAM_ROLE_CHOICES, initial=Role.MEMBER.value
    )
    organisation_roles = nf.MultipleChoiceField(
        fixed_choices=True,
        label="Organisation roles (optional)",
        required=False,
        choices=ORGANISATION_ROLE_CHOICES,
        hint="Facilitators run programme cohorts. Organisation admins manage people and teams.",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["team"].choices = team_choices(organisation, empty_label="Not in a team")

    def clean(self):
        team_id = self.cleaned_data.get("team")
        self.cleaned_data["team"] = self.organisation.teams.get(pk=team_id) if team_id else None
        roles = set(self.cleaned_data.get("organisation_roles") or [])
        if self.cleaned_data["team"] is not None:
            roles.add(self.cleaned_data.get("team_role") or Role.MEMBER)
        elif not roles:
            self.add_error("team", "Choose a team, or give the person an organisation role")
        self.cleaned_data["roles"] = roles
        return self.cleaned_data


class RolesForm(forms.Form):
    """Organisation roles, plus one choice for each team the person is in, plus an optional new team."""

    organisation_roles = nf.MultipleChoiceField(
        fixed_choices=True, label="Organisation roles", required=False, choices=ORGANISATION_ROLE_CHOICES
    )
    add_team = nf.ChoiceField(fixed_choices=True, label="Add to another team", required=False, widget=forms.Select)
    add_team_role = nf.ChoiceField(
        fixed_choices=True,
        label="Their role in the added team",
        choices=TEAM_ROLE_CHOICES,
        initial=Role.MEMBER.value,
        required=False,
    )

    def __init__(self, *args, membership, **kwargs):
        self.membership = membership
        self.current_places = list(membership.team_memberships.select_related("team"))
        initial = kwargs.setdefault("initial", {})
        initial["organisation_roles"] = [r for r in (Role.ADMIN, Role.FACILITATOR) if r in membership.roles]
        super().__init__(*args, **kwargs)
        in_teams = {str(place.team_id) for place in self.current_places}
        self.fields["add_team"].choices = [
            choice
            for choice in team_choices(membership.organisation, empty_label="No other team")
            if not choice[0] or choice[0] not in in_teams
        ]
        for place in self.current_places:
            name = f"team_{place.team_id}"
            # A team's name and the three roles: private to no one (ADR 0029), so its radios may be kept.
            self.fields[name] = nf.ChoiceField(
                fixed_choices=True,
                label=place.team.name,
                choices=TEAM_ROLE_CHOICES + [("remove", "Remove from this team")],
                initial=place.role,
            )
            initial[name] = place.role
        self.order_fields(["organisation_roles"] + [f"team_{p.team_id}" for p in self.current_places])

    @property
    def team_fields(self):
        return [self[f"team_{place.team_id}"] for place in self.current_places]

    def team_roles(self) -> dict:
        roles = {}
        for place in self.current_places:
            choice = self.cleaned_data[f"team_{place.team_id}"]
            roles[place.team] = None if choice == "remove" else choice
        add_team = self.cleaned_data.get("add_team")
        if add_team:
            roles[self.membership.organisation.teams.get(pk=add_team)] = (
                self.cleaned_data.get("add_team_role") or Role.MEMBER
            )
        return roles


class PeopleImportForm(forms.Form):
    file = nf.FileField(
        label="Upload a CSV file",
        hint="The first line names the columns: name, email, team, role. An optional column, "
        "parent team, places a new team inside a larger one.",
        error_messages={"required": "Choose a CSV file to upload"},
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB")
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The file must be a CSV file")
        return upload


class OrganisationSwitchForm(forms.Form):
    organisation = nf.ChoiceField(label="Which organisation do you want to work in?")

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(m.organisation_id), m.organisation.name) for m in memberships]


class InvitationAcceptForm(forms.Form):
    """Creating an account from an invitation's link, for an address with no account yet."""

    name = nf.CharField(
        label="Your full name",
        max_length=150,
        hint="As your colleagues know you.",
        error_messages={"required": "Enter your full name"},
    )
    new_password1 = nf.PasswordField(
        label="Create a password", autocomplete="new-password", error_messages={"required": "Create a password"}
    )
    new_password2 = nf.PasswordField(
        label="Confirm your password", autocomplete="new-password", error_messages={"required": "Confirm your password"}
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["new_password1"].hint = NEW_PASSWORD_HINT

    def clean(self):
        first, second = self.cleaned_data.get("new_password1"), self.cleaned_data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "The passwords do not match")
        elif first:
            # Judged against the account it will make, so a password like the person's own name is refused.
            person = User(email=self.email, name=self.cleaned_data.get("name", ""))
            try:
                password_validation.validate_password(first, person)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return self.cleaned_data


class IdentityForm(forms.Form):
    is_nhs = nf.ChoiceField(
        fixed_choices=True,
        label="Is your organisation part of the NHS?",
        choices=[("yes", "Yes, it is an NHS organisation"), ("no", "No, it is not part of the NHS")],
        widget=forms.RadioSelect,
        hint="NHS identity guidelines let only NHS organisations use the NHS logo. Care providers, charities "
        "and other organisations see their own name in the header instead.",
        error_messages={"required": "Say whether your organisation is part of the NHS"},
    )

    def clean_is_nhs(self) -> bool:
        return self.cleaned_data["is_nhs"] == "yes"


class TwoFactorRuleForm(forms.Form):
    rule = nf.ChoiceField(
        fixed_choices=True,
        label="Who must enter a security code from an authenticator app when they sign in?",
        choices=[
            (TwoFactorRule.NOBODY, "Nobody has to, but anyone can choose to"),
            (TwoFactorRule.ADMINS_AND_FACILITATORS, "Admins and facilitators"),
            (TwoFactorRule.EVERYONE, "Everyone"),
        ],
        widget=forms.RadioSelect,
        hint="People who sign in with your organisation's single sign-on already use their provider's checks. "
        "Anyone the rule covers who has not set up an app is asked to, before they can open any page.",
        error_messages={"required": "Choose who must use security codes"},
    )
