"""Listen: anonymous team pulses. Leaders (and organisation admins, for any team) open rounds and read results;
anyone holding a live link answers, without an account. Who may open what is `access`; what figures may show is
`anonymity` (through `results`); views only glue them to HTTP. One module per journey:

- `leader`: a leader's (or admin's) rounds, results, actions, self-view, trend and CSV;
- `organisation`: the organisation admin's heatmap, thresholds and questions;
- `answering`: the answering pages, reached by a link with no account.
"""
