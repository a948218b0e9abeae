"""Reflect: a private journal. Every entry is reached through `access.entry_of_author` or a live share
(`access.share_for_reader`); anything else is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.access import current_organisation, or_404
from attend.core.formatting import counted
from attend.core.rendering import render_page
from attend.organisations.models import Role
from attend.organisations.permissions import role_required
from attend.reflect import access, exports, forms, selectors, services
from attend.reflect.content import TemplateError, feeling_word
from attend.reflect.presenters import entry_view

PAGE_SIZE = 20


def _own_entry(request, entry_id):
    return or_404(access.entry_of_author, request.user, entry_id)


def _template_name(request, key: str) -> str:
    template = selectors.template_named(current_organisation(request), key)
    return template.name if template else "Reflection"


def _views_of(request, entries) -> list:
    """Presenters for any number of entries in two queries: template names, and who each is shared with."""
    names = {template.key: template.name for template in selectors.templates_for(current_organisation(request))}
    readers = selectors.readers_of(entries)
    return [
        entry_view(
            entry, template_name=names.get(entry.template_key, "Reflection"), shared_with=readers.get(entry.pk, "")
        )
        for entry in entries
    ]


def _view_of(request, entry):
    return _views_of(request, [entry])[0]


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    """The journal (GET, paged by ?page=) or a search of it (POST).

    Search words are as private as the journal, so they never go in a URL, where the access log, the browser's
    history and a Referer would keep them: the search form posts, and a search's pages are buttons that post it
    again with a page number (docs/adr/0006).
    """
    templates = selectors.templates_for(current_organisation(request))
    searching = request.method == "POST"
    form = forms.SearchForm(
        request.POST if searching else None, templates=templates, tags=selectors.tags_of(request.user)
    )
    if not searching:
        entries = selectors.entries_of(request.user)
    elif form.is_valid():
        entries = selectors.search_entries(request.user, form.search())
    else:
        entries = []  # the error summary says what to fix; listing everything would look like results
    page = Paginator(entries, PAGE_SIZE).get_page((request.POST if searching else request.GET).get("page"))
    context = {
        "page_title": "Reflect",
        "form": form,
        "searching": searching,
        "page": page,
        "entries": _views_of(request, list(page)),
        "can_manage_templates": bool(request.membership and request.membership.has_role(Role.FACILITATOR, Role.ADMIN)),
    }
    return render_page(request, "reflect/index.jinja", context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    templates = selectors.templates_for(current_organisation(request))
    form = forms.TemplateChoiceForm(request.POST or None, templates=templates)
    # Practice's check-in links here with ?feeling=<word>, so the entry starts with how the person feels now.
    feeling = feeling_word(request.POST.get("feeling") or request.GET.get("feeling", ""))
    if request.method == "POST" and form.is_valid():
        chosen = services.FeelingChoice(moment="now", word=feeling) if feeling else None
        entry = services.journal_entry_start(author=request.user, template=form.chosen(), feeling=chosen)
        return redirect("reflect:edit", entry.pk)
    context = {"page_title": "Write a reflection", "form": form, "templates": templates, "feeling": feeling}
    return render_page(request, "reflect/new.jinja", context, forms=[form])


def _entry_form(request, entry, *, finishing=False):
    return forms.EntryForm(
        request.POST if request.method == "POST" else None,
        prompts=entry.content.get("prompts", []),
        finishing=finishing,
        initial=forms.EntryForm.initial_from(entry),
    )


def _save(form, entry, *, finish: bool):
    return services.journal_entry_update(entry=entry, finish=finish, **form.entry_fields())


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, entry_id):
    entry = _own_entry(request, entry_id)
    action = request.POST.get("action")
    # "Save anyway" is offered only beside a warning: the person has read it and chosen to keep their words.
    finishing, warned_and_chose = action in {"save", "save-anyway"}, action == "save-anyway"
    form = _entry_form(request, entry, finishing=finishing)
    findings = []
    if request.method == "POST" and form.is_valid():
        # Whatever happens next, what the person wrote is kept.
        _save(form, entry, finish=False)
        findings = services.entry_findings(entry)
        if finishing and (warned_and_chose or not findings):
            _save(form, entry, finish=True)
            messages.success(request, "Your reflection is saved. Only you can read it")
            return redirect("reflect:entry", entry.pk)
        if not finishing:
            messages.success(request, "Your draft is saved")
            return redirect("reflect:edit", entry.pk)
    context = {
        "page_title": entry.title or "New reflection",
        "entry": entry,
        "form": form,
        "prompts": entry.content.get("prompts", []),
        "template_name": _template_name(request, entry.template_key),
        "findings": findings,
    }
    return render_page(request, "reflect/edit.jinja", context, forms=[form])


@login_required
@require_POST
def autosave(request, entry_id):
    entry = _own_entry(request, entry_id)
    form = _entry_form(request, entry)
    if not form.is_valid():
        return render(request, "reflect/_fragments/autosave.jinja", {"problem": True}, status=422)
    _save(form, entry, finish=False)
    context = {"saved_at": timezone.localtime(), "findings": services.entry_findings(entry), "is_draft": entry.is_draft}
    return render(request, "reflect/_fragments/autosave.jinja", context)


@login_required
@require_GET
def entry(request, entry_id):
    entry = _own_entry(request, entry_id)
    return render_page(
        request,
        "reflect/entry.jinja",
        {"page_title": entry.title or "Untitled reflection", "entry": _view_of(request, entry)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, entry_id):
    entry = _own_entry(request, entry_id)
    if request.method == "POST":
        services.journal_entry_delete(entry=entry)
        messages.success(request, "The entry has been deleted")
        return redirect("reflect:index")
    return render_page(
        request, "reflect/delete.jinja", {"page_title": "Delete this entry?", "entry": _view_of(request, entry)}
    )


@role_required(*Role)
@require_http_methods(["GET", "POST"])
def share(request, entry_id):
    entry = _own_entry(request, entry_id)
    form = forms.ShareForm(request.POST or None)
    organisation = current_organisation(request)
    if request.method == "POST" and form.is_valid():
        reader = selectors.colleague_by_email(organisation, form.cleaned_data["email"])
        try:
            if reader is None:
                raise services.ShareError(f"No one at {organisation.name} has this email address in Attend")
            services.journal_entry_share(entry=entry, reader=reader, organisation=organisation)
        except services.ShareError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"{reader.name} can now read this entry")
            return redirect("reflect:entry", entry.pk)
    context = {"page_title": "Share this entry", "form": form, "entry": _view_of(request, entry)}
    return render_page(request, "reflect/share.jinja", context, forms=[form])


@login_required
@require_POST
def share_withdraw(request, entry_id):
    entry = _own_entry(request, entry_id)
    services.journal_share_withdraw(entry=entry)
    messages.success(request, "You have stopped sharing this entry")
    return redirect("reflect:entry", entry.pk)


@login_required
@require_GET
def shared_with_me(request):
    shares = list(selectors.shares_for_reader(request.user))
    # Template names looked up once for the whole list, not once a share.
    names = {template.key: template.name for template in selectors.templates_for(current_organisation(request))}
    items = [
        (share, entry_view(share.entry, template_name=names.get(share.entry.template_key, "Reflection")))
        for share in shares
    ]
    return render_page(request, "reflect/shared.jinja", {"page_title": "Shared with you", "items": items})


def _view_of_shared(request, share):
    entry = share.entry
    return entry_view(entry, template_name=_template_name(request, entry.template_key))


@login_required
@require_GET
def shared_entry(request, share_id):
    share = or_404(access.share_for_reader, request.user, share_id)
    context = {
        "page_title": share.entry.title or "Untitled reflection",
        "entry": _view_of_shared(request, share),
        "author": share.entry.author,
    }
    return render_page(request, "reflect/shared_entry.jinja", context)


@login_required
@require_GET
def account(request, entry_id):
    entry = _own_entry(request, entry_id)
    return _printable(request, [entry])


@login_required
@require_GET
def account_docx(request, entry_id):
    entry = _own_entry(request, entry_id)
    return _docx(request, [entry], filename=f"reflective-account-{timezone.localdate().isoformat()}.docx")


def _printable(request, entries):
    views = _views_of(request, entries)
    return render_page(request, "reflect/account.jinja", {"page_title": "Reflective account", "entries": views})


def _docx(request, entries, *, filename: str):
    views = _views_of(request, entries)
    data = exports.reflective_account_docx(views, author_name=request.user.name, exported_at=timezone.now())
    services.journal_exported(
        user=request.user,
        organisation=current_organisation(request),
        what=f"{counted(len(views), 'reflective account')} as a document",
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def export(request):
    form = forms.DateRangeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        entries = [
            e
            for e in selectors.entries_between(
                request.user, form.cleaned_data["date_from"], form.cleaned_data["date_to"]
            )
            if not e.is_draft
        ]
        if request.GET.get("format") == "docx":
            return _docx(
                request,
                entries,
                filename=f"reflective-accounts-{form.cleaned_data['date_from'].isoformat()}"
                f"-to-{form.cleaned_data['date_to'].isoformat()}.docx",
            )
        return _printable(request, entries)
    everything = counted(selectors.entries_of(request.user).count(), "entry", "entries")
    context = {"page_title": "Export your reflections", "form": form, "everything": everything}
    return render_page(request, "reflect/export.jinja", context, forms=[form])


@login_required
@require_GET
def export_everything(request, file_format):
    views = _views_of(request, list(selectors.entries_of(request.user)))
    writers = {"md": exports.entries_markdown, "json": exports.entries_json}
    if file_format not in writers:
        raise Http404
    writer = writers[file_format]
    text = writer(views, author_name=request.user.name, exported_at=timezone.now())
    services.journal_exported(
        user=request.user,
        organisation=current_organisation(request),
        what=f"the whole journal as {file_format.upper()}",
    )
    content_type = "text/markdown; charset=utf-8" if file_format == "md" else "application/json; charset=utf-8"
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="attend-journal-{timezone.localdate().isoformat()}.{file_format}"'
    )
    return response


@role_required(Role.FACILITATOR, Role.ADMIN)
@require_http_methods(["GET", "POST"])
def organisation_templates(request):
    organisation = current_organisation(request)
    form = forms.OrganisationTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_template_create(organisation=organisation, by=request.user, **form.cleaned_data)
        except services.TemplateNameTaken:
            form.add_error("name", "Your organisation already has a template with this name")
        except TemplateError as error:
            for problem in error.problems or [str(error)]:
                form.add_error(None, problem)
        else:
            messages.success(request, f"Everyone at {organisation.name} can now use {form.cleaned_data['name']}")
            return redirect("reflect:organisation_templates")
    context = {
        "page_title": "Reflection templates",
        "form": form,
        "templates": selectors.organisation_templates(organisation),
    }
    return render_page(request, "reflect/organisation_templates.jinja", context, forms=[form])
