"""The discussion spam rules' word lists (see `moderation`): familiar sites, sales talk, the spam trades, ways to
reach a seller, spammy site names, abusive terms, words that say nothing about a thread, and a promise of money.

Data only, matched by `moderation` after `post_text` has undone the usual disguises. ADR 0022 says how each
list scores.
"""

import re

# Sites people in health and care share in good faith; a link to them is never the reason a post is held as
# promotional, and one on its own is never a link flood.
TRUSTED_DOMAINS = (
    "nhs.uk",
    "nhs.net",
    "gov.uk",
    "nice.org.uk",
    "kingsfund.org.uk",
    "nuffieldtrust.org.uk",
    "health.org.uk",
    "rcn.org.uk",
    "nmc.org.uk",
    "gmc-uk.org",
    "hee.nhs.uk",
    "ac.uk",
    "self-compassion.org",
    # Advice and support services people signpost each other to.
    "moneyhelper.org.uk",
    "citizensadvice.org.uk",
    "stepchange.org",
    "samaritans.org",
    "mind.org.uk",
    "giveusashout.org",
    "gamcare.org.uk",
    "nhsemployers.org",
    "nhsconfed.org",
    "nhscharitiestogether.co.uk",
    "carersuk.org",
    "ageuk.org.uk",
    "skillsforcare.org.uk",
    "cqc.org.uk",
    "cipd.org",
)

# Wording that sells. Single words are matched as whole words, phrases as phrases. Everyday words that adverts
# also use ("buy", "offer", "free trial") each add one point; a post needs more than sales talk to be held.
PROMOTIONAL_WORDS = (
    "buy",
    "buy now",
    "cheap",
    "cheapest",
    "best price",
    "affordable",
    "discount",
    "promo code",
    "coupon",
    "click here",
    "click the link",
    "limited offer",
    "limited time offer",
    "special offer",
    "act now",
    "order now",
    "order today",
    "free trial",
    "guaranteed",
    "100% free",
    "risk free",
    "risk-free",
    "followers",
    "visit my",
    "visit our",
    "check out my",
    "check my",
    "my website",
    "our website",
    "my blog",
    "my page",
    "great post",
    "nice post",
    "great article",
    "nice article",
    "very informative",
    "thanks for sharing",
    "keep it up",
    "work from home",
    "bonus",
    "bonuses",
    "deal",
    "deals",
    "services",
    "hurry",
    "don't miss",
    "sign up now",
    "register now",
    "per day",
    "per week",
    "a day from",
)
# Words of the trades that spam comments sell. Each is three points, because an ordinary supportive post
# almost never uses them; still, one alone never holds a post (see promotional_score()).
SPAM_TRADE_WORDS = (
    # money and crypto
    "earn money",
    "make money",
    "make money online",
    "passive income",
    "investment opportunity",
    "investment platform",
    "trading signals",
    "binary options",
    "crypto",
    "cryptocurrency",
    "bitcoin",
    "btc",
    "ethereum",
    "usdt",
    "forex",
    "nft",
    "fund recovery",
    "recover your lost funds",
    "recovery expert",
    # gambling
    "casino",
    "casinos",
    "betting",
    "sportsbook",
    "slots",
    "free spins",
    "jackpot",
    "poker",
    "roulette",
    # SEO and marketing
    "seo",
    "backlink",
    "backlinks",
    "guest post",
    "guest posts",
    "da 50",
    "domain authority",
    "website traffic",
    "traffic to your website",
    "rank your website",
    "first page of google",
    "digital marketing agency",
    # essay mills
    "essay writing",
    "essay writer",
    "write my essay",
    "essays",
    "assignment help",
    "assignment writing",
    "dissertation writing",
    "homework help",
    "academic writing service",
    "plagiarism free",
    "plagiarism-free",
    # pharmacy
    "viagra",
    "cialis",
    "levitra",
    "kamagra",
    "tramadol online",
    "xanax",
    "oxycodone",
    "online pharmacy",
    "without prescription",
    "without a prescription",
    "no prescription",
    "weight loss pills",
    "diet pills",
    "keto gummies",
    "cbd gummies",
    # loans
    "payday loan",
    "payday loans",
    "instant loan",
    "instant loans",
    "quick loan",
    "quick loans",
    "loan approval",
    "guaranteed approval",
    "no credit check",
    "no credit checks",
    # fake jobs
    "no experience needed",
    "no experience required",
    "data entry job",
    "data entry jobs",
    "hiring now",
    "online job",
    "online jobs",
    "earn from home",
    # the rest of the usual trades
    "replica watches",
    "replica",
    "escort",
    "escorts",
    "hot singles",
    "adult dating",
    "buy followers",
    "instagram followers",
    "cheap likes",
)
# Ways to reach a seller outside the cohort.
CONTACT_WORDS = (
    "whatsapp",
    "telegram",
    "wa.me",
    "t.me",
    "dm me",
    "inbox me",
    "message me on",
    "text me on",
    "contact us",
    "contact me on",
    "kik",
    "snapchat me",
)
# Bits of a web address that say what a site sells (cheapessays, best-casino, seo-boost).
SPAM_HOST_PARTS = (
    "casino",
    "bet",
    "slot",
    "seo",
    "backlink",
    "essay",
    "assignment",
    "pharma",
    "pill",
    "viagra",
    "cialis",
    "loan",
    "crypto",
    "coin",
    "forex",
    "cheap",
    "replica",
    "escort",
    "dating",
    "follower",
)

# Kept short on purpose: only words and phrases that are abusive in any sentence. Whole-word matching, so place
# names such as Scunthorpe or words such as "assessment" are untouched.
ABUSIVE_TERMS = (
    "fuck",
    "fucking",
    "fucker",
    "motherfucker",
    "cunt",
    "cunts",
    "twat",
    "twats",
    "wanker",
    "wankers",
    "dickhead",
    "bellend",
    "bastard",
    "bastards",
    "bitch",
    "slag",
    "whore",
    "retard",
    "retarded",
    "spastic",
    "spaz",
    "kill yourself",
    "kys",
    "go die",
    "piss off",
)

# Common words that say nothing about what a thread is about.
STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each everyone few for from further
    get good got great had has have having he hello her here hers hi him his how i if in into is it
    its just let like me more most my new no nor not now of off on once one only or other our ours
    out over own really same she should so some such than thank thanks that the their them then
    there these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself""".split()  # noqa: SIM905
)

# A promise of money: "earn £300 a day", "make up to $5k per week", "profit £1,000".
MONEY_PROMISE = re.compile(
    r"\b(?:earn|earning|make|making|made|paid|payout|profit|returns?)\s+(?:up\s+to\s+|over\s+|around\s+)?"
    r"[£$€]\s?\d[\d,.]*k?\b(?:[^.!?\n]{0,25}\b(?:a|per|every|each|daily|weekly|week|day|hour|month))?"
)
