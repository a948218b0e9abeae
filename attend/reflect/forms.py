from django import forms

from attend.nhsuk_forms import fields as nf
from attend.reflect.content import INTENSITIES, feeling_families
from attend.reflect.selectors import EntrySearch
from attend.reflect.services import FeelingChoice, clean_tags

FEELING_QUESTIONS = {"then": "How did you feel at the time?", "now": "How do you feel now?"}


def feeling_choices() -> list[tuple[str, str]]:
    return [("", "Not chosen")] + [(word, word) for family in feeling_families() for word in family.words]


def intensity_choices() -> list[tuple[str, str]]:
    return [(str(value), label) for value, label in INTENSITIES]


class EntryForm(forms.Form):
    """The questions of one entry's template, plus title, date, feelings and tags."""

    title = nf.CharField(
        label="Title",
        max_length=150,
        required=False,
        hint="A few words you will recognise later, for example: A hard handover",
    )
    event_date = nf.DateField(
        label="When did it happen? (optional)",
        required=False,
        error_messages={"invalid": "Enter a real date, for example 14 03 2026"},
    )
    tags = nf.CharField(
        label="Tags (optional)", required=False, hint="Separate tags with commas, for example: handover, teamwork"
    )

    def __init__(self, *args, prompts: list[dict], finishing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.prompts = prompts
        self.finishing = finishing
        for prompt in prompts:
            if prompt["kind"] == "choices":
                self.fields[f"choices_{prompt['key']}"] = nf.MultipleChoiceField(
                    fixed_choices=True,
                    private_choice=True,
                    label=prompt["label"],
                    hint=prompt.get("hint") or None,
                    required=False,
                    choices=[(choice, choice) for choice in prompt["choices"]],
                )
            if prompt["kind"] == "text" or prompt.get("also_text"):
                label = "In your own words" if prompt["kind"] == "choices" else prompt["label"]
                hint = None if prompt["kind"] == "choices" else prompt.get("hint") or None
                self.fields[f"answer_{prompt['key']}"] = nf.CharField(
                    label=label,
                    hint=hint,
                    required=False,
                    max_length=20_000,
                    widget=forms.Textarea(attrs={"rows": 6}),
                    label_classes="nhsuk-label--m",
                )
        for moment, question in FEELING_QUESTIONS.items():
            self.fields[f"feeling_{moment}"] = nf.ChoiceField(
                fixed_choices=True,
                private_choice=True,
                label=question,
                required=False,
                choices=feeling_choices(),
                template_name="reflect/_feeling_field.jinja",
            )
            self.fields[f"feeling_{moment}"].families = feeling_families()
            self.fields[f"intensity_{moment}"] = nf.ChoiceField(
                fixed_choices=True,
                private_choice=True,
                label="How strongly?",
                required=False,
                choices=intensity_choices(),
                classes="nhsuk-radios--inline",
            )

    def prompt_fields(self, prompt: dict) -> list:
        names = [f"choices_{prompt['key']}", f"answer_{prompt['key']}"]
        return [self[name] for name in names if name in self.fields]

    def clean(self):
        if self.finishing and not (self.cleaned_data.get("title") or "").strip():
            self.add_error("title", "Give your reflection a title, so you can find it again")
        return self.cleaned_data

    def answers(self) -> dict[str, dict]:
        answers = {}
        for prompt in self.prompts:
            text = self.cleaned_data.get(f"answer_{prompt['key']}", "") or ""
            choices = self.cleaned_data.get(f"choices_{prompt['key']}", []) or []
            if text.strip() or choices:
                answers[prompt["key"]] = {"text": text.strip(), "choices": list(choices)}
        return answers

    def feelings(self) -> list[FeelingChoice]:
        chosen = []
        for moment in FEELING_QUESTIONS:
            word = self.cleaned_data.get(f"feeling_{moment}")
            if word:
                intensity = self.cleaned_data.get(f"intensity_{moment}")
                chosen.append(FeelingChoice(moment=moment, word=word, intensity=int(intensity) if intensity else None))
        return chosen

    def tag_list(self) -> list[str]:
        return clean_tags(self.cleaned_data.get("tags", ""))

    def entry_fields(self) -> dict:
        """The arguments of `journal_entry_update` that come from the form."""
        return {
            "title": self.cleaned_data.get("title", ""),
            "event_date": self.cleaned_data.get("event_date"),
            "answers": self.answers(),
            "feelings": self.feelings(),
            "tags": self.tag_list(),
        }

    @staticmethod
    def initial_from(entry) -> dict:
        content = entry.content
        initial = {
            "title": content.get("title", ""),
            "event_date": entry.event_date,
            "tags": ", ".join(content.get("tags", [])),
        }
        for key, answer in content.get("answers", {}).items():
            initial[f"answer_{key}"] = answer.get("text", "")
            initial[f"choices_{key}"] = answer.get("choices", [])
        for item in content.get("emotions", []):
            initial[f"feeling_{item['moment']}"] = item["word"]
            initial[f"intensity_{item['moment']}"] = str(item["intensity"]) if item.get("intensity") else ""
        return initial


class TemplateChoiceForm(forms.Form):
    template = nf.ChoiceField(fixed_choices=True, label="Choose a way to reflect")

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = {template.key: template for template in templates}
        self.fields["template"].choices = [(template.key, template.name) for template in templates]
        self.fields["template"].error_messages["required"] = "Choose a way to reflect"

    def chosen(self):
        return self.templates[self.cleaned_data["template"]]


class DateOrderMixin:
    """date_from and date_to, the second not before the first."""

    def clean(self):
        start, end = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be on or after the start date")
        return self.cleaned_data


class SearchForm(DateOrderMixin, forms.Form):
    words = nf.CharField(label="Words", required=False)
    tag = nf.ChoiceField(label="Tag", required=False, widget=forms.Select)
    template = nf.ChoiceField(fixed_choices=True, label="Way of reflecting", required=False, widget=forms.Select)
    emotion = nf.ChoiceField(
        fixed_choices=True, private_choice=True, label="Feeling", required=False, widget=forms.Select
    )
    date_from = nf.DateField(label="From", required=False, error_messages={"invalid": "Enter a real date"})
    date_to = nf.DateField(label="To", required=False, error_messages={"invalid": "Enter a real date"})

    def __init__(self, *args, templates, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", "Any tag")] + [(tag, tag) for tag in tags]
        self.fields["template"].choices = [("", "Any")] + [(t.key, t.name) for t in templates]
        self.fields["emotion"].choices = [("", "Any feeling")] + feeling_choices()[1:]

    def search(self) -> EntrySearch:
        data = self.cleaned_data
        return EntrySearch(
            words=data.get("words", "").strip(),
            tag=data.get("tag", ""),
            template_key=data.get("template", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            emotion=data.get("emotion", ""),
        )


class ShareForm(forms.Form):
    email = nf.EmailField(
        label="Your colleague's work email address",
        hint="They will be able to read this entry, but not change it. You can stop sharing at any time.",
        error_messages={
            "required": "Enter your colleague's email address",
            "invalid": "Enter an email address in the correct format",
        },
    )


class DateRangeForm(DateOrderMixin, forms.Form):
    date_from = nf.DateField(
        label="From", error_messages={"required": "Enter the first date", "invalid": "Enter a real date"}
    )
    date_to = nf.DateField(
        label="To", error_messages={"required": "Enter the last date", "invalid": "Enter a real date"}
    )


class OrganisationTemplateForm(forms.Form):
    name = nf.CharField(label="Name", max_length=80, error_messages={"required": "Enter a name for the template"})
    summary = nf.CharField(
        label="When to use it",
        max_length=200,
        hint="One sentence, for example: After a team debrief.",
        error_messages={"required": "Say when to use it"},
    )
    prompts = nf.CharField(
        label="Questions",
        widget=forms.Textarea(attrs={"rows": 6}),
        hint="One question a line. To add a hint, put it after a | sign, for example: What happened? | Just the facts.",
        error_messages={"required": "Enter at least one question"},
    )

    def clean_prompts(self):
        lines = [line.strip() for line in self.cleaned_data["prompts"].splitlines() if line.strip()]
        prompts = []
        for number, line in enumerate(lines, start=1):
            label, _, hint = line.partition("|")
            if not label.strip():
                raise forms.ValidationError(f"Line {number} has a hint but no question")
            prompts.append((label.strip()[:200], hint.strip()[:200]))
        if len(prompts) > 12:
            raise forms.ValidationError("Use 12 questions or fewer")
        return prompts
