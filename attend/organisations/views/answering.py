"""Answering an invitation: the page an invitation email links to (for a person with or without an account, and
with no sign-in needed to decline), and a signed-in person's own invitations.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attend.core.access import or_404
from attend.core.rendering import posted, render_page
from attend.organisations import access, forms, invitations, selectors
from attend.organisations.models import Invitation
from attend.organisations.presenters import (
    InvitationPresenter,
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
