"""People, for the organisation admin: finding and opening a person, inviting one or importing many from a CSV
file, changing roles, deactivating and reactivating, resetting a lost second factor, forgetting a changed single
sign-on account; and who has been invited and not joined yet.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.accounts.sso import presenters as sso_presenters
from attend.accounts.sso import selectors as sso_selectors
from attend.accounts.sso.rules import provider_name
from attend.accounts.two_factor import rule as two_factor_rule
from attend.accounts.two_factor.presenters import second_factor_lines, second_factors_removed
from attend.core import pagination
from attend.core.access import current_organisation, or_404
from attend.core.rendering import render_page, site_base_url
from attend.organisations import access, forms, invitations, offers, presenters, selectors, services
from attend.organisations.checklist import first_day_checklist
from attend.organisations.models import Role
from attend.organisations.permissions import admin_required
from attend.organisations.presenters import (
    InvitationPresenter,
    PersonPresenter,
    roles_saved_message,
)
from attend.organisations.views.common import PAGE_SIZE


@admin_required
@require_GET
def people(request):
    organisation = current_organisation(request)
    query = request.GET.get("q", "").strip()
    page = pagination.page_of(request, selectors.people_listed(organisation, query))
    memberships = list(page)
    places = selectors.team_places_of(memberships)
    href = presenters.person_href_maker()
    context = {
        "page_title": "People",
        "page_links": pagination.links(request, page),
        "next_step": first_day_checklist(organisation).next_item,
        "query": query,
        "page": page,
        "people": [
            PersonPresenter(membership, places=places[membership.pk], href=href(membership.pk))
            for membership in memberships
        ],
    }
    return render_page(request, "organisations/people.jinja", context)


@admin_required
@require_http_methods(["GET", "POST"])
def person_invite(request):
    organisation = current_organisation(request)
    # A team's page links here with the team (and its leader role) chosen: the next step, one click away.
    chosen = {key: request.GET[key] for key in ("team", "team_role") if key in request.GET}
    form = forms.InviteForm(request.POST or None, organisation=organisation, initial=chosen)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_invite(
                organisation=organisation,
                name=data["name"],
                email=data["email"],
                roles=data["roles"],
                team=data["team"],
                by=request.user,
                base_url=site_base_url(request),
            )
        except services.AlreadyHere:
            form.add_error("email", f"This person is already in {organisation.name}. Change their roles on their page")
        else:
            # The same words for every address: whether it has an account anywhere is never told (ADR 0020).
            messages.success(request, f"We have sent an invitation to {data['email'].strip().lower()}")
            return redirect("organisations:invited")
    return render_page(
        request, "organisations/person_invite.jinja", {"page_title": "Invite a person", "form": form}, forms=[form]
    )


@admin_required
@require_http_methods(["GET", "POST"])
def people_import(request):
    organisation = current_organisation(request)
    # Bound on every POST: a post with no fields at all must still say "Choose a CSV file to upload".
    form = forms.PeopleImportForm(request.POST, request.FILES) if request.method == "POST" else forms.PeopleImportForm()
    problems = []
    if request.method == "POST" and form.is_valid():
        # Read and checked here, every problem by line; a clean file is written by the background worker.
        started = services.people_import_start(
            organisation=organisation,
            data=form.cleaned_data["file"].read(),
            by=request.user,
            base_url=site_base_url(request),
        )
        if started.people_import is not None:
            return redirect("organisations:people_import_progress", started.people_import.pk)
        problems = started.problems
    context = {
        "page_title": "Import people from a CSV file",
        "form": form,
        "problems": [{"text": str(problem)} for problem in problems[:200]],
        "problem_count": len(problems),
    }
    status = 422 if problems else None
    return render_page(request, "organisations/people_import.jinja", context, forms=[form], status=status)


@login_required
@require_GET
def people_import_progress(request, people_import_id):
    """How an import is going. htmx asks again every second for the fragment; without it, a refresh link. Its
    organisation's admins alone may see it (the file names people): 404 for anyone else."""
    people_import = or_404(access.people_import_for_admin, request.user, people_import_id)
    context = {
        "page_title": "Importing people" if not people_import.is_finished else "People import",
        "people_import": people_import,
        "progress": presenters.import_progress(people_import),
        "back_link": {"href": reverse("organisations:people"), "text": "People"},
        # Where a finished import lands: the first-day checklist's next step, as on Invited (ADR 0019)
        "next_step": first_day_checklist(people_import.organisation).next_item
        if people_import.state == people_import.State.DONE
        else None,
    }
    if request.htmx:
        return render(request, "organisations/_fragments/import_progress.jinja", {**context, "oob_status": True})
    return render_page(request, "organisations/people_import_progress.jinja", context)


@admin_required
@require_GET
def people_import_sample(request):
    response = HttpResponse(selectors.people_csv_sample(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="attend-people-sample.csv"'
    return response


@admin_required
@require_GET
def person(request, membership_id):
    organisation = current_organisation(request)
    membership = or_404(access.membership_in_organisation, organisation, membership_id)
    context = {"page_title": membership.user.name, "person": PersonPresenter(membership)}
    if membership.is_active:  # how someone who has left signs in elsewhere is no longer this organisation's to see
        context.update(_sign_in_rows(request, organisation, membership))
    context["next_step"] = first_day_checklist(organisation).next_item
    return render_page(request, "organisations/person.jinja", context)


def _sign_in_rows(request, organisation, membership) -> dict:
    """The person's second factors and single sign-on binding, with whether this admin is offered to reset them.
    The reset and forget pages explain any refusal; someone with nothing to reset, or the admin themself, gets no
    link."""
    factors = two_factor_rule.second_factors_of(membership.user)
    single_sign_on = sso_selectors.provider_of(organisation)
    identities = sso_selectors.identities_at(single_sign_on, membership.user)
    not_themself = membership.user_id != request.user.pk
    return {
        "second_factor_lines": second_factor_lines(factors),
        "may_reset_two_factor": not_themself and factors.any,
        "single_sign_on_line": sso_presenters.binding_line(single_sign_on, identities),
        "may_forget_single_sign_on": not_themself and bool(identities),
    }


@admin_required
@require_http_methods(["GET", "POST"])
def person_roles(request, membership_id):
    membership = or_404(access.membership_in_organisation, current_organisation(request), membership_id)
    form = forms.RolesForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        org_roles = set(form.cleaned_data["organisation_roles"])
        try:
            services.membership_roles_set(
                membership=membership,
                is_admin=Role.ADMIN in org_roles,
                is_facilitator=Role.FACILITATOR in org_roles,
                team_roles=form.team_roles(),
                by=request.user,
            )
        except services.LastAdminError as error:
            form.add_error("organisation_roles", str(error))
        else:
            messages.success(request, roles_saved_message(membership, by=request.user))
            return redirect("organisations:person", membership.pk)
    context = {
        "page_title": f"Change roles for {membership.user.name}",
        "form": form,
        "person": PersonPresenter(membership),
    }
    return render_page(request, "organisations/person_roles.jinja", context, forms=[form])


@admin_required
@require_http_methods(["GET", "POST"])
def person_deactivate(request, membership_id):
    membership = or_404(access.membership_in_organisation, current_organisation(request), membership_id)
    problem = None
    if request.method == "POST":
        try:
            services.membership_deactivate(membership=membership, by=request.user)
        except ValueError as error:
            problem = str(error)
        else:
            messages.success(request, f"{membership.user.name} has been deactivated")
            return redirect("organisations:person", membership.pk)
    context = {
        "page_title": f"Deactivate {membership.user.name}",
        "person": PersonPresenter(membership),
        "problem": problem,
    }
    return render_page(request, "organisations/person_deactivate.jinja", context, status=422 if problem else None)


@admin_required
@require_http_methods(["GET", "POST"])
def person_two_factor_reset(request, membership_id):
    """A person has lost their second factor: the admin sees what a reset does (or why they may not), and
    confirms. The rules are the service's (`two_factor_reset_refusal`); the page only asks them first."""
    membership = or_404(access.membership_in_organisation, current_organisation(request), membership_id)
    name = membership.user.name
    problem = None
    if request.method == "POST":
        try:
            services.two_factor_reset_by_admin(membership=membership, by=request.user)
        except services.TwoFactorResetRefused as refused:
            problem = str(refused)
        else:
            messages.success(request, f"Two-factor authentication has been reset for {name}. We have emailed them")
            return redirect("organisations:person", membership.pk)
    factors = two_factor_rule.second_factors_of(membership.user)
    refusal = problem or services.two_factor_reset_refusal(membership=membership, by=request.user, factors=factors)
    context = {
        "page_title": (
            f"You cannot reset two-factor authentication for {name}"
            if refusal
            else f"Reset two-factor authentication for {name}"
        ),
        "person": PersonPresenter(membership),
        "problem": problem,
        "refusal": refusal,
        "removes": second_factors_removed(factors),
        "asked_again_at_sign_in": two_factor_rule.two_factor_required(membership.user),
    }
    return render_page(request, "organisations/person_two_factor_reset.jinja", context, status=422 if problem else None)


@admin_required
@require_http_methods(["GET", "POST"])
def person_sso_forget(request, membership_id):
    """A person's account at the organisation's single sign-on provider has really changed: the admin sees what
    forgetting the old one does (or why they may not), and confirms. The rules are the service's
    (`single_sign_on_forget_refusal`); the page only asks them first."""
    organisation = current_organisation(request)
    membership = or_404(access.membership_in_organisation, organisation, membership_id)
    name = membership.user.name
    problem = None
    if request.method == "POST":
        try:
            services.single_sign_on_forget_by_admin(membership=membership, by=request.user)
        except services.SingleSignOnForgetRefused as refused:
            problem = str(refused)
        else:
            messages.success(request, f"{name}'s single sign-on account has been forgotten. We have emailed them")
            return redirect("organisations:person", membership.pk)
    single_sign_on = sso_selectors.provider_of(organisation)
    identities = sso_selectors.identities_at(single_sign_on, membership.user)
    refusal = problem or services.single_sign_on_forget_refusal(
        membership=membership, by=request.user, identities=identities
    )
    context = {
        "page_title": (
            f"You cannot forget the single sign-on account of {name}"
            if refusal
            else f"Forget the single sign-on account of {name}"
        ),
        "person": PersonPresenter(membership),
        "problem": problem,
        "refusal": refusal,
        "provider": provider_name(single_sign_on.issuer) if single_sign_on else None,
    }
    return render_page(request, "organisations/person_sso_forget.jinja", context, status=422 if problem else None)


@admin_required
@require_POST
def person_reactivate(request, membership_id):
    membership = or_404(access.membership_in_organisation, current_organisation(request), membership_id)
    services.membership_reactivate(membership=membership, by=request.user)
    messages.success(request, f"{membership.user.name} has been reactivated")
    return redirect("organisations:person", membership.pk)


@admin_required
@require_GET
def invited(request):
    """Who has been invited to join and has not joined: the address and name the admin gave, and the answer so
    far. Nothing about any account: that is the person's to share by accepting."""
    page = Paginator(selectors.organisation_invitations(current_organisation(request)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    team_names = offers.offered_team_names(list(page))
    context = {
        "page_title": "Invited",
        "page": page,
        "rows": [InvitationPresenter(i, team_names=team_names) for i in page],
        # Where an import lands: the first-day checklist's next step, as on People (ADR 0019)
        "next_step": first_day_checklist(current_organisation(request)).next_item,
    }
    return render_page(request, "organisations/invited.jinja", context)


@admin_required
@require_POST
def invitation_resend(request, invitation_id):
    invitation = or_404(access.invitation_from_organisation, current_organisation(request), invitation_id)
    try:
        invitations.invitation_resend(invitation=invitation, by=request.user, base_url=site_base_url(request))
    except invitations.InvitationUnusable:
        messages.error(request, f"{invitation.email} has already answered, so there is nothing to send again")
    else:
        messages.success(request, f"We have sent a new invitation to {invitation.email}")
    return redirect("organisations:invited")
