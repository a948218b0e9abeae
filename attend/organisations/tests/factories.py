import factory

from attend.accounts.tests.factories import UserFactory
from attend.organisations.models import Membership, Organisation, Role, Team, TeamMembership


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Invented Health Trust {n}")
    slug = factory.Sequence(lambda n: f"trust-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    membership = factory.SubFactory(MembershipFactory, organisation=factory.SelfAttribute("..team.organisation"))
    role = Role.MEMBER


def person_in(organisation, *, team=None, role=None, **user_fields) -> Membership:
    """A person with a membership in `organisation`; a team role when `team` is given."""
    is_admin = role == Role.ADMIN
    is_facilitator = role == Role.FACILITATOR
    membership = MembershipFactory(
        organisation=organisation, user=UserFactory(**user_fields), is_admin=is_admin, is_facilitator=is_facilitator
    )
    if team is not None:
        team_role = Role.LEADER if role == Role.LEADER else Role.MEMBER
        TeamMembershipFactory(team=team, membership=membership, role=team_role)
    return membership
