"""Single sign-on by OpenID Connect, configured per organisation (docs/adr/0027)."""
