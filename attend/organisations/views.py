from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core import pagination
from attend.core.access import current_organisation, or_404
from attend.core.rendering import posted, render_page, site_base_url
from attend.organisations import access, forms, invitations, offers, presenters, selectors, services
from attend.organisations.checklist import first_day_checklist
from attend.organisations.models import Invitation, Role
from attend.organisations.permissions import admin_required, role_required
from attend.organisations.presenters import (
    InvitationPresenter,
    PersonPresenter,
    audit_rows,
    checklist_task_items,
    roles_saved_message,
    team_rows,
    team_view,
)

PAGE_SIZE = 50


@admin_required
@require_GET
def home(request):
    organisation = current_organisation(request)
    checklist = first_day_checklist(organisation)
    context = {
        "page_title": organisation.name,
        "organisation": organisation,
        "people_count": organisation.memberships.active().count(),
        "team_count": organisation.teams.count(),
        "checklist": checklist,
        "checklist_items": checklist_task_items(checklist),
    }
    return render_page(request, "organisations/home.jinja", context)


@admin_required
@require_POST
def first_day_dismiss(request):
    services.first_day_checklist_dismiss(organisation=current_organisation(request), by=request.user)
    messages.success(request, "The first-day checklist is hidden. Everything on it is on the organisation page")
    # Back where the button was: Today or the organisation page (named, never a free address).
    return redirect("core:today" if request.POST.get("from") == "today" else "organisations:home")


@admin_required
@require_http_methods(["GET", "POST"])
def identity(request):
    organisation = current_organisation(request)
    form = forms.IdentityForm(posted(request), initial={"is_nhs": "yes" if organisation.is_nhs else "no"})
    if request.method == "POST" and form.is_valid():
        services.organisation_identity_set(
            organisation=organisation, is_nhs=form.cleaned_data["is_nhs"], by=request.user
        )
        messages.success(
            request,
            "Saved. Your pages now show the NHS logo beside your organisation's name"
            if organisation.is_nhs
            else "Saved. Your pages now show your organisation's name with no NHS logo",
        )
        return redirect("organisations:home")
    context = {"page_title": "NHS identity", "form": form}
    return render_page(request, "organisations/identity.jinja", context, forms=[form])


@admin_required
@require_http_methods(["GET", "POST"])
def two_factor_rule(request):
    organisation = current_organisation(request)
    form = forms.TwoFactorRuleForm(posted(request), initial={"rule": organisation.two_factor_required_for})
    if request.method == "POST" and form.is_valid():
        services.organisation_two_factor_rule_set(
            organisation=organisation, rule=form.cleaned_data["rule"], by=request.user
        )
        messages.success(request, "Saved. The rule applies the next time each person opens a page")
        return redirect("organisations:home")
    context = {"page_title": "Security codes at sign-in", "form": form}
    return render_page(request, "organisations/two_factor_rule.jinja", context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
def switch(request):
    memberships = list(selectors.memberships_for_user(request.user))
    if not memberships:
        raise PermissionDenied
    current = request.membership.organisation_id if request.membership else None
    form = forms.OrganisationSwitchForm(
        request.POST or None, memberships=memberships, initial={"organisation": str(current)}
    )
    if request.method == "POST" and form.is_valid():
        request.session[selectors.CURRENT_ORGANISATION_SESSION_KEY] = form.cleaned_data["organisation"]
        return redirect("core:today")
    return render_page(
        request, "organisations/switch.jinja", {"page_title": "Change organisation", "form": form}, forms=[form]
    )


@admin_required
@require_GET
def teams(request):
    # A trust has hundreds of teams: the tree is read in one query and shown a page at a time (issue 21).
    page = pagination.page_of(request, team_rows(current_organisation(request)))
    context = {"page_title": "Teams", "rows": list(page), "page": page, "page_links": pagination.links(request, page)}
    return render_page(request, "organisations/teams.jinja", context)


@admin_required
@require_http_methods(["GET", "POST"])
def team_add(request):
    organisation = current_organisation(request)
    form = forms.TeamForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(
                organisation=organisation,
                name=form.cleaned_data["name"],
                parent=form.cleaned_data["parent"],
                by=request.user,
            )
        except services.TeamNameTaken:
            form.add_error("name", "There is already a team with this name")
        else:
            messages.success(request, f"{team.name} has been added")
            return redirect("organisations:team", team.pk)
    return render_page(
        request, "organisations/team_form.jinja", {"page_title": "Add a team", "form": form}, forms=[form]
    )


@admin_required
@require_GET
def team(request, team_id):
    organisation = current_organisation(request)
    team = or_404(access.team_in_organisation, organisation, team_id)
    context = {
        "page_title": team.name,
        "team": team_view(team),
        "next_step": first_day_checklist(organisation).next_item,
    }
    return render_page(request, "organisations/team.jinja", context)


@admin_required
@require_http_methods(["GET", "POST"])
def team_rename(request, team_id):
    team = or_404(access.team_in_organisation, current_organisation(request), team_id)
    form = forms.TeamForm(request.POST or None, organisation=team.organisation, team=team, initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.team_rename(team=team, name=form.cleaned_data["name"], by=request.user)
        except services.TeamNameTaken:
            form.add_error("name", "There is already a team with this name")
        else:
            messages.success(request, f"The team is now called {team.name}")
            return redirect("organisations:teams")
    context = {"page_title": f"Rename {team.name}", "form": form, "team": team}
    return render_page(request, "organisations/team_form.jinja", context, forms=[form])


@role_required(Role.LEADER)
@require_GET
def my_team(request, team_id):
    team = or_404(access.team_led_by, request.membership, team_id)
    page = pagination.page_of(request, selectors.team_people(team))
    people = [PersonPresenter(place.membership) for place in page]
    context = {"page_title": team.name, "team": team, "people": people, "page_links": pagination.links(request, page)}
    return render_page(request, "organisations/my_team.jinja", context)


@admin_required
@require_GET
def people(request):
    organisation = current_organisation(request)
    query = request.GET.get("q", "").strip()
    people = selectors.people_in_organisation(organisation)
    if query:
        people = people.filter(Q(user__name__icontains=query) | Q(user__email__icontains=query))
    page = pagination.page_of(request, people)
    context = {
        "page_title": "People",
        "page_links": pagination.links(request, page),
        "next_step": first_day_checklist(organisation).next_item,
        "query": query,
        "page": page,
        "people": [PersonPresenter(membership) for membership in page],
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
        result = services.people_import(
            organisation=organisation,
            data=form.cleaned_data["file"].read(),
            by=request.user,
            base_url=site_base_url(request),
        )
        if result.succeeded:
            messages.success(request, presenters.import_summary(result))
            return redirect("organisations:invited" if result.invited else "organisations:people")
        problems = result.problems
    context = {
        "page_title": "Import people from a CSV file",
        "form": form,
        "problems": [{"text": str(problem)} for problem in problems[:200]],
        "problem_count": len(problems),
    }
    status = 422 if problems else None
    return render_page(request, "organisations/people_import.jinja", context, forms=[form], status=status)


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
    context = {
        "page_title": membership.user.name,
        "person": PersonPresenter(membership),
        "next_step": first_day_checklist(organisation).next_item,
    }
    return render_page(request, "organisations/person.jinja", context)


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


@admin_required
@require_GET
def audit_log(request):
    events = current_organisation(request).audit_events.select_related("actor")
    page = pagination.page_of(request, events, size=presenters.AUDIT_PAGE_SIZE)
    return render_page(
        request,
        "organisations/audit_log.jinja",
        {"page_title": "Audit log", "rows": audit_rows(page), "page_links": pagination.links(request, page)},
    )


def _invitation_invalid(request, *, incomplete: bool = False):
    context = {
        "page_title": "This invitation link looks incomplete" if incomplete else "This invitation link does not work",
        "incomplete": incomplete,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    return render_page(request, "organisations/invitation_invalid.jinja", context, status=404)


def _after_accepting(request, invitation, next_url: str):
    if invitation.kind == Invitation.Kind.ORGANISATION:
        request.session[selectors.CURRENT_ORGANISATION_SESSION_KEY] = str(invitation.organisation_id)
    messages.success(request, InvitationPresenter(invitation).accepted_message)
    return redirect(next_url)


@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The page an invitation email links to. Whoever holds the link owns the address, so this page (and only
    this page) may say whether the address already has an account: they sign in to accept, or create their
    account here. Declining needs neither."""
    if not Invitation.token_looks_whole(token):
        return _invitation_invalid(request, incomplete=True)
    invitation = selectors.invitation_for_token(token)
    if invitation is None or not invitation.is_usable:
        return _invitation_invalid(request)
    account = selectors.account_for_invitation(invitation)
    signed_in_as_invitee = account is not None and request.user == account
    form = (
        None
        if account
        else forms.InvitationAcceptForm(posted(request), email=invitation.email, initial={"name": invitation.name})
    )
    answer = request.POST.get("answer") if request.method == "POST" else None
    try:
        if answer == "decline":
            invitations.invitation_decline(invitation=invitation)
            return redirect("organisations:invitation_declined")
        if answer == "accept" and signed_in_as_invitee:
            return _after_accepting(
                request, invitation, invitations.invitation_accept(invitation=invitation, user=account)
            )
        if answer == "accept" and form is not None and form.is_valid():
            user, next_url = invitations.invitation_accept_with_new_account(
                invitation=invitation, name=form.cleaned_data["name"], password=form.cleaned_data["new_password1"]
            )
            # Sign in the account the service saved: its new password is what the session's auth hash must match.
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _after_accepting(request, invitation, next_url)
    except invitations.InvitationUnusable:  # answered by another request (a double submit) since we looked it up
        return _invitation_invalid(request)
    context = {
        "page_title": f"Invitation to {invitations.describe(invitation)}",
        "invitation": InvitationPresenter(invitation),
        "form": form,
        "token": token,
        "has_account": account is not None,
        "signed_in_as_invitee": signed_in_as_invitee,
        "brand_organisation": invitation.organisation,
    }
    return render_page(request, "organisations/invitation_accept.jinja", context, forms=[form] if form else [])


@require_GET
def invitation_declined(request):
    return render_page(request, "organisations/invitation_declined.jinja", {"page_title": "You have said no"})


@login_required
@require_GET
def my_invitations(request):
    rows = [InvitationPresenter(invitation) for invitation in selectors.invitations_for_invitee(request.user)]
    return render_page(request, "organisations/my_invitations.jinja", {"page_title": "Your invitations", "rows": rows})


@login_required
@require_POST
def invitation_answer(request, invitation_id):
    """Accept or decline, signed in as the person the invitation was sent to (no password to set)."""
    invitation = or_404(access.invitation_for_invitee, request.user, invitation_id)
    try:
        if request.POST.get("answer") == "accept":
            return _after_accepting(
                request, invitation, invitations.invitation_accept(invitation=invitation, user=request.user)
            )
        invitations.invitation_decline(invitation=invitation)
    except invitations.InvitationUnusable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You have declined the invitation to {invitations.describe(invitation)}")
    return redirect("organisations:my_invitations")
