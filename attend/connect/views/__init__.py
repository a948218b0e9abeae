"""Connect's pages, one module per journey. `connect/urls.py` maps each URL to its view.

- `pairings`: a leader's roster, one pairing's page, how often to talk, talking points and actions;
- `conversations`: arranging conversations, a conversation's page and notes, its status and calendar invitations;
- `plan`: each person's own wellbeing plan;
- `organisation`: the admin's support services and the quarter's 1:1 figures;
- `common`: finding the asker's pairing.

Every pairing, conversation, point and action is reached through `access`; anything else is a 404, admins
included.
"""
