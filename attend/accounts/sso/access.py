"""Who may change an organisation's single sign-on: a superuser, or an active admin of that organisation."""


def organisation_for_sso_settings(user, slug: str):
    """The organisation with this slug, or Organisation.DoesNotExist for anyone else (as for no such slug)."""
    from attend.organisations.models import Organisation  # organisations builds on accounts: imported when used

    organisations = Organisation.objects.all()
    if not user.is_superuser:
        organisations = organisations.filter(
            memberships__user=user, memberships__is_active=True, memberships__is_admin=True
        )
    return organisations.get(slug=slug)
