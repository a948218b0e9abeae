"""The organisation's pages, one module per journey. `organisations/urls.py` maps each URL to its view.

- `organisation`: the organisation page and first-day checklist, NHS identity, the two-factor rule, the audit
  log, and changing organisation;
- `teams`: the admin's teams and a leader's own team;
- `people`: people, inviting and importing them, roles, deactivating, and who is invited;
- `answering`: accepting or declining an invitation, from its email link or signed in;
- `common`: the page size lists share.

Admin pages carry `admin_required`; everything in the organisation is reached through `access`, with `or_404`.
"""
