"""How a person's second factors read to their organisation's admin, in the audit log and in the email about a
reset: counts in words, never a secret, code or credential id."""

from attend.accounts.two_factor.rule import SecondFactors
from attend.core.formatting import counted


def second_factor_lines(factors: SecondFactors) -> list[str]:
    """One line per factor for a summary list: ["Authenticator app", "3 recovery codes left", "2 passkeys"]."""
    lines = []
    if factors.authenticator_app:
        lines.append("Authenticator app")
        # Someone who has lost their phone with no codes left is the one who needs a reset: say so.
        left = factors.recovery_codes_left
        lines.append(f"{counted(left, 'recovery code')} left" if left else "No recovery codes left")
    elif factors.recovery_codes_left:
        lines.append(f"{counted(factors.recovery_codes_left, 'recovery code')} left")
    if factors.passkeys:
        lines.append(counted(factors.passkeys, "passkey"))
    return lines or ["Not set up"]


def second_factors_removed(factors: SecondFactors) -> str:
    """What a reset took away, as "an authenticator app, 3 unused recovery codes and 2 passkeys"."""
    parts = []
    if factors.authenticator_app:
        parts.append("an authenticator app")
    if factors.recovery_codes_left:
        parts.append(counted(factors.recovery_codes_left, "unused recovery code"))
    if factors.passkeys:
        parts.append("a passkey" if factors.passkeys == 1 else counted(factors.passkeys, "passkey"))
    if not parts:
        return "nothing"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
