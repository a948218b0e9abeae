"""Organisation writes, one module per journey. Each takes the acting person and writes the audit log.

- `organisation`: creating an organisation, and its admins' choices (NHS identity, who must use security codes,
  hiding the first-day checklist);
- `teams`: adding and renaming teams;
- `people`: roles, inviting one person, deactivating, reactivating and returning by accepting an invitation;
- `sign_in_resets`: an admin's reset of a person's lost second factor, or of the single sign-on account their
  Attend account is bound to, and who may do either;
- `imports`: importing teams and people from a CSV file, in the background, and tidying stalled imports.

Everything is re-exported here, so `from attend.organisations import services` and `services.team_create(...)`
keep working, and so do the dotted paths the worker and the clock name
(`attend.organisations.services.people_import_task_failed`, `...people_imports_tidy_job`).
"""

from attend.organisations.services.imports import (
    FINISHED_IMPORT_KEPT,
    IMPORT_BY_A_FORMER_ADMIN,
    IMPORT_FAILED,
    IMPORT_STOPPED,
    IMPORT_STOPPED_ANYWAY,
    STALE_IMPORT,
    STALE_QUEUED_IMPORT,
    UNFINISHED_IMPORT,
    ImportOvertaken,
    ImportResult,
    ImportStarted,
    people_import,
    people_import_run,
    people_import_start,
    people_import_task_failed,
    people_imports_tidy_job,
)
from attend.organisations.services.organisation import (
    OrganisationCreated,
    first_day_checklist_dismiss,
    organisation_create,
    organisation_identity_set,
    organisation_two_factor_rule_set,
)
from attend.organisations.services.people import (
    AlreadyHere,
    LastAdminError,
    membership_deactivate,
    membership_reactivate,
    membership_return_by_accepting,
    membership_roles_set,
    person_invite,
    role_grant,
)
from attend.organisations.services.sign_in_resets import (
    SINGLE_SIGN_ON_FORGET,
    TWO_FACTOR_RESET,
    AccountReset,
    SingleSignOnForgetRefused,
    TwoFactorResetRefused,
    person_account_reset_refusal,
    single_sign_on_forget_by_admin,
    single_sign_on_forget_refusal,
    two_factor_reset_by_admin,
    two_factor_reset_refusal,
)
from attend.organisations.services.teams import (
    TeamNameTaken,
    team_create,
    team_rename,
)

__all__ = [
    "AccountReset",
    "AlreadyHere",
    "FINISHED_IMPORT_KEPT",
    "IMPORT_BY_A_FORMER_ADMIN",
    "IMPORT_FAILED",
    "IMPORT_STOPPED",
    "IMPORT_STOPPED_ANYWAY",
    "ImportOvertaken",
    "ImportResult",
    "ImportStarted",
    "LastAdminError",
    "OrganisationCreated",
    "STALE_IMPORT",
    "SINGLE_SIGN_ON_FORGET",
    "STALE_QUEUED_IMPORT",
    "SingleSignOnForgetRefused",
    "TWO_FACTOR_RESET",
    "TeamNameTaken",
    "TwoFactorResetRefused",
    "UNFINISHED_IMPORT",
    "first_day_checklist_dismiss",
    "membership_deactivate",
    "membership_reactivate",
    "membership_return_by_accepting",
    "membership_roles_set",
    "organisation_create",
    "organisation_identity_set",
    "organisation_two_factor_rule_set",
    "people_import",
    "people_import_run",
    "people_import_start",
    "people_import_task_failed",
    "people_imports_tidy_job",
    "person_account_reset_refusal",
    "person_invite",
    "role_grant",
    "single_sign_on_forget_by_admin",
    "single_sign_on_forget_refusal",
    "team_create",
    "team_rename",
    "two_factor_reset_by_admin",
    "two_factor_reset_refusal",
]
