"""Invitations become offers to an email address that the person accepts or declines (docs/adr/0020).

Each existing invitation keeps its link (its token hash) and becomes an invitation to join its membership's
organisation, for that person's address; one per address, the newest. Accepted ones are marked accepted. The
people invited before this change keep the membership they were given (it was made at once then).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def to_offers(apps, schema_editor):
    Invitation = apps.get_model("organisations", "Invitation")
    seen = set()
    for invitation in Invitation.objects.select_related("membership__user").order_by("-created_at"):
        membership = invitation.membership
        key = (membership.organisation_id, membership.user.email.lower())
        if key in seen:
            invitation.delete()  # an older link to the same person, replaced when it was resent
            continue
        seen.add(key)
        invitation.organisation_id = membership.organisation_id
        invitation.kind = "organisation"
        invitation.target_id = membership.organisation_id
        invitation.email = membership.user.email.lower()
        invitation.name = membership.user.name
        if invitation.accepted_at:
            invitation.status = "accepted"
            invitation.responded_at = invitation.accepted_at
            invitation.accepted_by_id = membership.user_id
        else:
            invitation.status = "sent"
        invitation.save()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_organisation_is_nhs_and_first_day_dismissed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="invitations",
                to="organisations.organisation",
            ),
        ),
        migrations.AddField(
            model_name="invitation",
            name="kind",
            field=models.CharField(
                choices=[("organisation", "Organisation"), ("cohort", "Cohort")], default="organisation", max_length=20
            ),
            preserve_default=False,
        ),
        migrations.AddField(model_name="invitation", name="target_id", field=models.UUIDField(null=True)),
        migrations.AddField(
            model_name="invitation",
            name="email",
            field=models.EmailField(default="", max_length=254),
            preserve_default=False,
        ),
        migrations.AddField(model_name="invitation", name="name", field=models.CharField(blank=True, max_length=150)),
        migrations.AddField(model_name="invitation", name="offer", field=models.JSONField(blank=True, default=dict)),
        migrations.AddField(
            model_name="invitation",
            name="status",
            field=models.CharField(
                choices=[
                    ("waiting", "Waiting list"),
                    ("sent", "Invited"),
                    ("accepted", "Joined"),
                    ("declined", "Declined"),
                ],
                default="sent",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="invitation", name="responded_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="invitation",
            name="accepted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="invitation", name="expires_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.RunPython(to_offers, migrations.RunPython.noop),
        migrations.RemoveField(model_name="invitation", name="membership"),
        migrations.RemoveField(model_name="invitation", name="accepted_at"),
        migrations.AlterField(
            model_name="invitation",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="invitations",
                to="organisations.organisation",
            ),
        ),
        migrations.AlterField(model_name="invitation", name="target_id", field=models.UUIDField()),
        migrations.AlterModelOptions(name="invitation", options={"ordering": ["created_at"]}),
        migrations.AddConstraint(
            model_name="invitation",
            constraint=models.UniqueConstraint(
                fields=("kind", "target_id", "email"), name="one_invitation_per_address"
            ),
        ),
        migrations.AddIndex(
            model_name="invitation", index=models.Index(fields=["email", "status"], name="organisatio_email_f022e1_idx")
        ),
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(fields=["kind", "target_id", "status"], name="organisatio_kind_899465_idx"),
        ),
    ]
