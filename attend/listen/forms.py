import datetime

from django import forms
from django.utils import timezone

from attend.core.formatting import counted
from attend.listen import anonymity, question_bank
from attend.listen.models import Action, Cadence, InviteMethod
from attend.nhsuk_forms import fields as nf

AGREE_CHOICES = [(str(value), label) for value, label in question_bank.AGREE_SCALE.items()]
WINDOWS = [("7", "1 week"), ("14", "2 weeks"), ("21", "3 weeks"), ("28", "4 weeks")]
MOST_AHEAD = datetime.timedelta(days=90)
COMMENT_LENGTH = question_bank.COMMENT_LENGTH


def _answer_field(label: str) -> nf.ChoiceField:
    return nf.ChoiceField(
        fixed_choices=True,
        private_choice=True,
        label=label,
        choices=AGREE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": f"Choose an answer for: {label}"},
    )


class AnswerForm(forms.Form):
    """One radio group per question, each required (so every figure rests on the same batches), and the
    optional comment."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[item.key] = _answer_field(item.text)
        self.fields["comment"] = nf.CharField(
            label=question_bank.comment_prompt(),
            hint=question_bank.comment_hint() or "Optional. Please do not name anyone, including yourself.",
            required=False,
            max_length=COMMENT_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"max_length": f"Keep your comment under {COMMENT_LENGTH} characters"},
        )

    def answers(self) -> dict[str, int]:
        return {item.key: int(self.cleaned_data[item.key]) for item in self.items}


class SelfViewForm(forms.Form):
    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[item.key] = _answer_field(item.self_text)

    def answers(self) -> dict[str, int]:
        return {item.key: int(self.cleaned_data[item.key]) for item in self.items}


class OpenRoundForm(forms.Form):
    team = nf.ModelChoiceField(fixed_choices=True, label="Team", queryset=None, empty_label=None, widget=forms.Select)
    template_key = nf.ChoiceField(label="Questions", widget=forms.RadioSelect)
    opens_on = nf.DateField(label="Opens on", error_messages={"invalid": "Enter a real date, for example 1 12 2026"})
    window_days = nf.ChoiceField(
        fixed_choices=True, label="Open for", choices=WINDOWS, initial="14", widget=forms.Select
    )
    cadence = nf.ChoiceField(
        fixed_choices=True,
        label="Repeat",
        choices=Cadence.choices,
        initial=Cadence.MONTHLY,
        widget=forms.RadioSelect,
        hint="A repeating pulse opens its next round by itself.",
    )
    invite = nf.ChoiceField(
        fixed_choices=True,
        label="How people are invited",
        choices=InviteMethod.choices,
        initial=InviteMethod.EMAIL,
        widget=forms.RadioSelect,
        hint=(
            "Single-use links are best: each person can answer once, so results show when enough people have "
            "answered. A team link cannot tell people apart, so anyone with it could answer many times and work "
            "out a colleague's answers. A team link round shows how many answered, but never any results."
        ),
    )
    include_sub_teams = nf.BooleanField(
        label="Include the people of its sub-teams",
        hint=(
            "Everyone in the team's sub-teams is asked too, once each, but never anyone who leads one of them. "
            "Results are for everyone together, never for one sub-team. Works with single-use links only."
        ),
    )

    def __init__(self, *args, teams, recommendation: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        if recommendation:
            self.fields["include_sub_teams"].hint = f"{recommendation} {self.fields['include_sub_teams'].hint}"
        self.fields["template_key"].choices = [
            (template.key, f"{template.title} (about {counted(template.minutes, 'minute')})")
            for template in question_bank.templates()
        ]
        if not self.is_bound:
            self.initial.setdefault("opens_on", timezone.localdate())
            self.initial.setdefault("template_key", question_bank.templates()[0].key)

    def clean_opens_on(self):
        day = self.cleaned_data["opens_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError("Choose today or a date in the future")
        if day - today > MOST_AHEAD:
            raise forms.ValidationError("Choose a date within three months of today")
        return day

    def clean(self):
        cleaned = super().clean()
        team = cleaned.get("team")
        if not cleaned.get("include_sub_teams") or team is None:
            return cleaned
        if cleaned.get("invite") == InviteMethod.LINK:
            self.add_error(
                "include_sub_teams",
                "Sub-teams can be included only with single-use links. Choose single-use links, or untick this.",
            )
        elif not team.children.exists():
            self.add_error("include_sub_teams", f"{team.name} has no sub-teams. Untick this, or choose another team.")
        return cleaned


class ActionForm(forms.Form):
    text = nf.CharField(
        label="What you did, or will do",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        hint="Your team sees this on their next pulse. Keep it about the team, not a person.",
        error_messages={"required": "Write what you did, or will do", "max_length": "Keep it under 500 characters"},
    )
    owner = nf.CharField(
        label="Who is doing it (optional)",
        required=False,
        max_length=100,
        hint="A name or a role, for example Sam, ward manager. Leave it blank if it is you.",
        error_messages={"max_length": "Keep who is doing it under 100 characters"},
    )
    due_on = nf.DateField(
        label="By when (optional)",
        required=False,
        error_messages={"invalid": "Enter a real date, for example 14 03 2026"},
    )
    theme = nf.ChoiceField(label="What it answers", required=False, widget=forms.Select)
    quote = nf.ChoiceField(label="Or the comment it answers (optional)", required=False, widget=forms.Select)

    def __init__(self, *args, themes, comments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "A theme (optional)")] + [(t.key, t.title) for t in themes]
        self.fields["quote"].choices = [("", "No comment")] + [(c, c[:80]) for c in comments or ()]


class ActionUpdateForm(forms.Form):
    text = ActionForm.base_fields["text"]
    owner = ActionForm.base_fields["owner"]
    due_on = ActionForm.base_fields["due_on"]
    status = nf.ChoiceField(
        fixed_choices=True, label="Progress", choices=Action.Status.choices, widget=forms.RadioSelect
    )


THRESHOLD_CHOICES = [(str(n), str(n)) for n in range(anonymity.MINIMUM_THRESHOLD, 31)]


class ListenSettingsForm(forms.Form):
    figure_threshold = nf.ChoiceField(
        fixed_choices=True,
        label="Answers needed before any figure shows",
        choices=THRESHOLD_CHOICES,
        widget=forms.Select,
        hint=f"At least {anonymity.MINIMUM_THRESHOLD}. The usual is 5; the NHS Staff Survey uses 11.",
    )
    comment_threshold = nf.ChoiceField(
        fixed_choices=True,
        label="Answers needed before comments show",
        choices=THRESHOLD_CHOICES,
        widget=forms.Select,
        hint="At least as many as for figures: comments say more about who wrote them.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("figure_threshold") and cleaned.get("comment_threshold"):
            try:
                cleaned["thresholds"] = anonymity.Thresholds(
                    figures=int(cleaned["figure_threshold"]), comments=int(cleaned["comment_threshold"])
                )
            except ValueError as error:
                self.add_error("comment_threshold", str(error))
        return cleaned


class OrganisationItemForm(forms.Form):
    text = nf.CharField(
        label="Question",
        max_length=question_bank.MAX_TEXT_LENGTH,
        hint="A statement people agree or disagree with, for example: I know who to ask when I am stuck.",
        error_messages={
            "required": "Write the question",
            "max_length": f"Keep the question under {question_bank.MAX_TEXT_LENGTH} characters",
        },
    )


class QuarterForm(forms.Form):
    quarter = nf.ChoiceField(label="Rounds opened in", required=False, widget=forms.Select, fixed_choices=True)
    # An admin's heatmap of a trust is hundreds of teams: one part of the organisation at a time (a top-level team
    # with everything below it), a page of rows at a time. Quarters and top-level teams are private to no one, so
    # both selects are kept (ADR 0029).
    part = nf.ChoiceField(label="Part of the organisation", required=False, widget=forms.Select, fixed_choices=True)

    def __init__(self, *args, quarters, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [("", "Any time")] + [(q, q) for q in quarters]
        if parts:
            self.fields["part"].choices = [("", "Every team")] + [(str(team.pk), team.name) for team in parts]
        else:
            del self.fields["part"]


class ChooseTeamForm(forms.Form):
    """The first step of opening a round for someone who may open one for many teams (an admin of a trust): which
    team, so the page can say what would work for that team before anything else is asked. Its choices are two
    columns, not hundreds of models; the view looks the chosen one up among the reader's teams."""

    team = nf.ChoiceField(
        label="Which team is the round for?",
        widget=forms.Select,
        fixed_choices=True,  # the organisation's team names, private to no one (ADR 0029): a trust's are 40 KB of HTML
        hint="We check whether a round for it could show results before you choose the questions.",
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(str(pk), name) for pk, name in teams.values_list("pk", "name")]
