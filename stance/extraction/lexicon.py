"""Word lists the rules run on. Kept in one place so that widening coverage is a data change.

The reporting-verb list is deliberately wide: news attributes most statements indirectly, and a
verb missing here is a statement silently lost. Verbs are grouped by what follows them, because
that decides where the reported content starts.
"""
from __future__ import annotations

import re


def verb_forms(base: str) -> set[str]:
    """Inflected forms of a regular English verb given as 'stem|past|3sg|ing' or a bare stem."""
    if "|" in base:
        return {f for f in base.split("|") if f}
    b = base
    if b.endswith("e"):
        return {b, b + "d", b + "s", b[:-1] + "ing"}
    if b.endswith("y") and b[-2:-1] not in "aeiou":
        return {b, b[:-1] + "ied", b[:-1] + "ies", b + "ing"}
    if re.search(r"(ss|sh|ch|x|z)$", b):
        return {b, b + "ed", b + "es", b + "ing"}
    return {b, b + "ed", b + "s", b + "ing"}


# Verbs followed by a reported clause ("X said (that) CLAUSE", "CLAUSE, X said").
_SAY_VERBS = [
    "say|said|says|saying", "tell|told|tells|telling", "add", "note", "stress", "warn", "insist",
    "argue", "claim", "announce", "explain", "emphasise", "emphasize", "reiterate", "affirm",
    "reaffirm", "confirm", "acknowledge", "admit|admitted|admits|admitting", "assert", "suggest",
    "maintain", "write|wrote|writes|writing", "tweet", "post", "report", "estimate", "predict",
    "promise", "pledge", "vow", "agree", "concede", "contend", "allege", "observe", "remark",
    "indicate", "reveal", "disclose", "caution", "reply|replied|replies|replying", "respond",
    "recall", "hint", "signal|signalled|signaled|signals|signalling|signaling", "conclude",
    "declare", "counter", "complain", "lament", "underline", "underscore", "highlight",
    "stated|stated|stating", "assure", "remind", "inform", "advise", "point out|pointed out|points out|pointing out",
    "deny|denied|denies|denying", "answer", "ask", "testify|testified|testifies|testifying",
    "boast", "joke", "quip|quipped|quips|quipping", "mention", "comment", "specify|specified|specifies|specifying",
    "clarify|clarified|clarifies|clarifying", "stipulate", "proclaim", "acknowledge",
    "charge", "protest", "retort", "scoff", "shout", "whisper", "cry|cried|cries|crying",
    "repeat", "elaborate", "speculate", "forecast|forecast|forecasts|forecasting",
    "project", "pointed|pointed|points|pointing", "threaten", "demand", "predict",
    "yell", "scream", "chant", "sing|sang|sings|singing", "exclaim", "murmur", "mutter", "groan",
    "sigh", "snap|snapped|snaps|snapping", "bark", "thunder", "plead|pleaded|pleads|pleading",
    "snipe", "gripe", "grouse", "muse", "opine", "posit", "surmise", "reason", "concur", "continue",
    "conclude", "interject", "interrupt", "retort", "rail", "fume", "marvel", "proclaim", "recount", "relate",
    "confide", "brag|bragged|brags|bragging", "predict", "reckon", "figure", "guess", "acknowledge",
    # a sharp reply: 'Rubio fired back: "..."', 'she shot back', 'the ministry hit back, saying ...'
    "fire back|fired back|fires back|firing back", "shoot back|shot back|shoots back|shooting back",
    "hit back|hits back|hitting back",
]

# Verbs whose content is a noun phrase or an infinitive ("X urged Israel to ...", "X denounced the veto").
_ACT_VERBS = [
    "urge", "denounce", "condemn", "favour", "favor", "welcome", "praise", "commend", "criticise",
    "criticize", "reject", "dismiss", "accuse", "blame", "appeal", "press", "express", "voice",
    "applaud", "hail", "slam|slammed|slams|slamming", "blast", "question", "thank", "decry", "deplore", "lambaste", "castigate", "rebuke",
    "caution", "implore", "beg|begged|begs|begging",
    "call for|called for|calls for|calling for", "call on|called on|calls on|calling on",
    "call upon|called upon|calls upon|calling upon", "push for|pushed for|pushes for|pushing for",
    "warn of|warned of|warns of|warning of",
    "plead|pleaded|pleads|pleading", "describe", "characterise", "characterize", "reaffirm",
    "bemoan", "decry", "deride", "mock", "ridicule", "scold", "chide", "berate", "assail",
    "called|called|calls|calling",
]

SAY_FORMS: set[str] = set().union(*(verb_forms(v) for v in _SAY_VERBS))
ACT_FORMS: set[str] = set().union(*(verb_forms(v) for v in _ACT_VERBS)) - SAY_FORMS
CUE_FORMS: set[str] = SAY_FORMS | ACT_FORMS

#: Forms too ambiguous to fire without a clear speaker before them and something after.
WEAK_FORMS: set[str] = {
    "back", "backed", "backs", "backing", "post", "posted", "posts", "posting", "state", "states",
    "project", "projected", "projects", "projecting", "press", "pressed", "presses", "pressing",
    "report", "reports", "charge", "charges", "charged", "counter", "counters", "offer", "offers",
    "question", "questions", "challenge", "challenges", "attack", "attacks", "defend", "defends",
    "comment", "comments", "answer", "answers", "signal", "signals", "request", "requests",
    "renew", "renews", "renewed", "brand", "brands", "label", "labels", "cry", "cries",
    "pointed", "points", "pointing", "point", "thank", "thanks", "forecast", "forecasts",
    "continue", "continued", "continues", "continuing", "reason", "reasoned", "figure", "figured", "figures",
    "guess", "guessed", "relate", "related", "relates", "project", "interrupt", "interrupted", "muse", "mused",
    "rail", "railed", "mock", "mocked", "mocks", "seek", "seeks", "sought", "request", "requested",
}

#: Forms that are also participles/adjectives before nouns ("the said document"); need a subject.
GERUNDS: set[str] = {f for f in CUE_FORMS if f.endswith("ing")}

#: Verbs taking an addressee before the content ("told reporters that", "urged Israel to").
OBJECT_VERBS: set[str] = set().union(*(verb_forms(v) for v in [
    "tell|told|tells|telling", "assure", "remind", "inform", "warn", "advise", "urge", "ask",
    "caution", "implore", "beg|begged|begs|begging", "encourage", "press", "call on|called on|calls on|calling on",
    "call upon|called upon|calls upon|calling upon", "thank", "congratulate", "accuse", "blame",
]))

#: Addressees that commonly follow an object verb.
ADDRESSEES = (
    r"(?:reporters|journalists|the press|the media|lawmakers|parliament|the parliament|"
    r"(?:the\s+)?(?:UN\s+)?(?:Security\s+)?Council|the General Assembly|the assembly|the audience|"
    r"an audience|the crowd|supporters|delegates|diplomats|the BBC|BBC|CNN|Reuters|AFP|AP|"
    r"the Associated Press|Al Jazeera|state media|state television|state TV|the newspaper|"
    r"the paper|a newspaper|a news conference|a press conference|the conference|the summit|"
    r"him|her|them|us|me|you|the nation|the country|the world|viewers|listeners|readers|"
    r"(?:the\s+)?[A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*){0,4})"
)

PRONOUNS: dict[str, str] = {
    "he": "m", "she": "f", "they": "p", "we": "p", "i": "s", "it": "n", "you": "s",
    "him": "m", "her": "f", "them": "p",
}

#: Nouns that head a speaker description ("the minister", "a senior official", "the readout").
PERSON_NOUNS: set[str] = {
    "minister", "ministers", "official", "officials", "spokesman", "spokeswoman", "spokesperson",
    "spokespeople", "spokesmen", "president", "presidents", "premier", "chancellor", "king", "queen",
    "emir", "prince", "sheikh", "envoy", "envoys", "diplomat", "diplomats", "ambassador",
    "ambassadors", "secretary", "secretary-general", "chief", "head", "leader", "leaders",
    "director", "director-general", "commissioner", "representative", "representatives",
    "negotiator", "negotiators", "mediator", "mediators", "mayor", "governor", "senator",
    "senators", "lawmaker", "lawmakers", "legislator", "legislators", "congressman",
    "congresswoman", "mp", "mps", "candidate", "nominee", "advisor", "adviser", "advisers",
    "advisors", "aide", "aides", "general", "commander", "colonel", "officer", "officers",
    "analyst", "analysts", "expert", "experts", "source", "sources", "witness", "witnesses",
    "resident", "residents", "doctor", "doctors", "medic", "medics", "worker", "workers",
    "activist", "activists", "campaigner", "campaigners", "researcher", "researchers",
    "professor", "economist", "economists", "lawyer", "lawyers", "attorney", "judge", "judges",
    "prosecutor", "prosecutors", "observer", "observers", "critic", "critics", "supporter",
    "supporters", "opponent", "opponents", "member", "members", "chairman", "chairwoman",
    "chair", "founder", "author", "authors", "strategist", "strategists", "pollster",
    "pollsters", "voter", "voters", "father", "mother", "son", "daughter", "wife", "husband",
    "man", "woman", "men", "women", "people", "victim", "victims", "survivor", "survivors",
    "relative", "relatives", "family", "families", "coordinator", "rapporteur", "delegate",
    "delegation", "counterpart", "counterparts", "ally", "allies", "staffer", "staffers",
    "correspondent", "editor", "journalist", "reporter", "host", "anchor", "speaker",
    "manager", "administrator", "commissioner-general", "under-secretary-general", "pope",
    "cleric", "clerics", "rabbi", "imam", "fighter", "fighters", "soldier", "soldiers",
    "hostage", "hostages", "paramedic", "paramedics", "nurse", "nurses", "surgeon",
    "deputy", "undersecretary", "attaché", "monarch", "sultan", "ayatollah", "cardinal",
    "protester", "protesters", "protestor", "protestors", "demonstrator", "demonstrators", "student",
    "students", "organiser", "organisers", "organizer", "organizers", "signatory", "signatories",
    "musician", "musicians", "artist", "artists", "refugee", "refugees", "villager", "villagers",
    "rebel", "rebels", "militant", "militants", "gunman", "gunmen", "settler", "settlers", "troops",
    "insurgents", "mourners", "farmers", "fishermen", "crew", "patients", "mothers",
}

ORG_NOUNS: set[str] = {
    "ministry", "ministries", "government", "governments", "administration", "office",
    "department", "agency", "agencies", "army", "military", "forces", "police", "authority",
    "authorities", "group", "groups", "movement", "organisation", "organization", "council",
    "committee", "commission", "cabinet", "parliament", "assembly", "court", "union", "bloc",
    "alliance", "coalition", "party", "campaign", "embassy", "mission", "palace", "house",
    "kremlin", "pentagon", "presidency", "secretariat", "foundation", "institute", "centre",
    "center", "association", "federation", "network", "company", "firm", "bank", "fund",
    "programme", "program", "service", "services", "unit", "brigades", "wing", "board",
    "team", "staff", "regime", "state", "states", "nation", "nations", "country", "countries",
    "side", "sides", "delegation", "newspaper", "paper", "outlet", "channel", "broadcaster",
    "television", "tv", "radio", "media", "agency", "hospital", "hospitals", "charity",
    "charities", "ngo", "ngos", "watchdog", "body", "panel", "corps", "guard", "idf",
}

#: Nouns for the channel through which words reach the article: kept as `source`, not speaker.
SOURCE_NOUNS: set[str] = {
    "readout", "readouts", "statement", "statements", "communique", "communiqué", "release",
    "report", "reports", "transcript", "letter", "memo", "document", "documents", "post",
    "tweet", "message", "declaration", "announcement", "briefing", "interview", "remarks",
    "speech", "address", "notice", "bulletin", "summary", "record", "account", "website",
    "filing", "complaint", "lawsuit", "ruling", "resolution", "decree", "poll", "survey",
    "study", "analysis", "data", "figures", "estimate", "estimates", "update",
}

#: Sources that carry their author's own stance, so they may urge, condemn or call for things
#: ('the joint statement called for an immediate ceasefire'); a report, a poll or a video may not.
AUTHORED_SOURCES: set[str] = {
    "readout", "readouts", "statement", "statements", "communique", "communiqué", "release", "letter", "memo",
    "post", "tweet", "message", "declaration", "announcement", "remarks", "speech", "address", "resolution",
    "decree", "ruling", "complaint", "lawsuit", "filing",
}

HEAD_NOUNS: set[str] = PERSON_NOUNS | ORG_NOUNS | SOURCE_NOUNS

#: Lower-case words allowed inside a speaker noun phrase before its head.
NP_MODIFIERS: set[str] = {
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that", "these",
    "those", "another", "one", "two", "three", "several", "many", "some", "other", "both", "all",
    "senior", "junior", "top", "chief", "deputy", "former", "current", "acting", "interim",
    "foreign", "defence", "defense", "interior", "health", "finance", "justice", "state",
    "prime", "vice", "general", "special", "high", "humanitarian", "military", "security",
    "national", "international", "regional", "local", "federal", "senior-level", "high-level",
    "unnamed", "anonymous", "independent", "official", "government", "white", "press", "news",
    "foreign-policy", "presidential", "parliamentary", "opposition", "ruling", "separate",
    "joint", "same", "latest", "new", "first", "second", "own", "majority", "minority",
    "final", "closing", "policy",
    "republican", "democratic", "conservative", "liberal", "leading", "prominent", "key",
    "israeli", "palestinian", "russian", "chinese", "american", "us", "u.s.", "uk", "un", "eu",
    "informed", "familiar", "knowledgeable", "briefed", "egyptian", "qatari", "public",
    "aid", "relief", "medical", "rescue", "emergency", "civil", "defence-ministry", "army",
    "intelligence", "police", "white-house", "communications", "media", "spokes", "campaign",
    "party", "group", "rights", "human", "peace", "aid-agency", "union", "trade", "economic",
    "political", "diplomatic", "western", "arab", "gulf", "european", "african", "asian",
    "middle", "eastern", "northern", "southern", "central", "western-backed", "iran-backed",
    "hamas-run", "hamas-led", "israel-based", "gaza-based", "us-based", "at-large", "elected",
    "executive", "legal", "hospital", "ministry", "health-ministry", "polling", "research",
    # participles and adjectives that describe a speaker ('the retired neurosurgeon', 'an exiled editor')
    "retired", "veteran", "exiled", "jailed", "wounded", "injured", "displaced", "bereaved", "outgoing",
    "embattled", "ousted", "deposed", "disgraced", "longtime", "long-time", "outspoken",
}

#: Words allowed between capitalised name tokens ("Mohammed bin Abdulaziz al-Khulaifi").
NAME_PARTICLES: set[str] = {
    "bin", "ibn", "bint", "al", "el", "abu", "abd", "de", "da", "di", "del", "della", "du", "van",
    "von", "der", "den", "la", "le", "dos", "das", "ben", "y", "st", "of", "for", "and", "&",
    "on", "to", "al-", "ul", "ud",
}

#: Titles that precede a name ("Foreign Minister Sameh Shoukry", "Mr Safadi").
TITLE_WORDS: set[str] = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "sen", "rep", "gov",
    "gen", "lt", "col", "maj", "capt", "sgt", "adm", "president", "vice", "prime", "minister",
    "foreign", "defence", "defense", "secretary", "general", "state", "deputy", "chief", "ambassador",
    "envoy", "special", "senator", "governor", "mayor", "king", "queen", "prince", "princess",
    "sheikh", "emir", "crown", "speaker", "chancellor", "premier", "spokesman", "spokeswoman",
    "spokesperson", "pope", "rabbi", "imam", "ayatollah", "supreme", "leader", "commissioner",
    "director", "director-general", "secretary-general", "under-secretary-general", "high",
    "representative", "coordinator", "undersecretary", "congressman", "congresswoman", "judge",
    "justice", "attorney", "chairman", "chairwoman", "chair", "former", "acting", "interior",
    "health", "finance", "senior", "adviser", "advisor", "official", "head", "commander", "army",
    "lieutenant", "colonel", "major", "captain", "sergeant", "admiral", "field", "marshal",
    "president-elect", "house", "majority", "minority", "whip", "the", "white", "press", "national",
    "security", "humanitarian", "affairs", "relief", "cabinet", "economy", "trade", "energy",
    "education", "information", "communications", "strategic", "military", "intelligence",
    "ministry", "taoiseach", "tanaiste", "tánaiste", "ambassador-at-large", "vice-president", "envoy",
    "prosecutor", "president-elect", "mp", "district", "circuit", "congressman", "sen.", "rep.", "gov.", "gen.", "dr.", "mr.", "mrs.", "ms.", "lt.", "col.", "capt.",
}

#: Sentence-initial or clause-initial words that are never part of a subject noun phrase.
CLAUSE_OPENERS: set[str] = {
    "but", "and", "or", "so", "yet", "while", "whereas", "although", "though", "because", "since",
    "when", "where", "after", "before", "as", "if", "unless", "until", "meanwhile", "however",
    "instead", "also", "then", "still", "now", "later", "earlier", "separately", "moreover",
    "furthermore", "indeed", "in", "on", "at", "during", "of", "for", "with", "by", "from",
    "who", "which", "that", "what", "whom", "whose", "than", "not", "thus", "hence", "therefore",
    "despite", "unlike", "like", "amid", "following", "besides", "including", "via", "per", "whether",
}

#: Adverbs and auxiliaries that may stand between a speaker and a cue ("Zhai also said").
CUE_ADVERBS: set[str] = {"long", "sometimes", "often", "usually", "frequently", "generally", "occasionally",
    "also", "later", "earlier", "previously", "then", "repeatedly", "recently", "once", "further",
    "again", "publicly", "privately", "reportedly", "separately", "subsequently", "similarly",
    "likewise", "has", "have", "had", "would", "will", "did", "does", "do", "just", "already",
    "only", "even", "still", "now", "first", "last", "often", "always", "never", "quickly",
    "swiftly", "immediately", "strongly", "firmly", "openly", "bluntly", "flatly", "angrily",
    "told", "not", "n't", "yesterday", "today", "tonight", "has also", "may", "might", "could",
    "should", "can", "shall", "must", "is", "are", "was", "were", "been", "being", "had also",
    "too", "directly", "explicitly", "emphatically", "personally", "jointly",
}

#: Passive auxiliaries: "X was told", "it is said" → the subject is not the speaker.
PASSIVE_AUX: set[str] = {"was", "were", "is", "are", "be", "been", "being", "get", "got", "gets"}

#: Last words of news outlets' names: 'BBC News', 'The New York Times', 'Al Jazeera'.
MEDIA_TAILS: frozenset[str] = frozenset(
    "news newshour newsnight newsbeat times post journal press radio tv television today agency channel herald "
    "guardian telegraph gazette tribune jazeera images".split())

#: Finite auxiliaries and modals: a stretch that holds one is a clause, not a speaker phrase or apposition.
FINITE_AUX: set[str] = {"is", "are", "was", "were", "will", "would", "has", "have", "had", "can", "could", "should",
                        "must", "may", "might", "did", "does", "do", "shall", "won’t", "won't"}

#: Months and weekdays, never names of speakers.
TIME_WORDS: set[str] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "today", "yesterday", "tomorrow", "tonight",
}

#: Capitalised words that open sentences but are not names.
NOT_NAMES: set[str] = TIME_WORDS | CLAUSE_OPENERS | {
    "likewise", "similarly", "additionally", "nonetheless", "nevertheless", "besides", "otherwise", "overall",
    "ultimately", "eventually", "finally", "first", "second", "third", "next", "previously", "recently",
    "outside", "inside", "walking", "standing", "asked", "speaking", "writing", "responding", "notably",
    "importantly", "specifically", "separately", "together", "instead", "perhaps", "still", "already",
    "again", "indeed", "thus", "hence", "yes", "no", "well", "oh", "so", "now", "here", "there", "why", "how",
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
    "i", "you", "his", "her", "their", "our", "my", "there", "here", "some", "many", "most",
    "all", "both", "no", "one", "two", "asked", "speaking", "according", "read", "watch",
    "live", "update", "updates", "breaking", "analysis", "video", "photo", "image", "listen",
}

#: Speech-verb lemmas that also mean "find"/"show" for data sources; kept as cues (PolNeAR does).
ABBREVIATIONS: set[str] = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "sen", "rep", "gov", "lt", "col",
    "maj", "capt", "sgt", "adm", "cmdr", "rev", "hon", "inc", "co", "corp", "ltd", "no", "vs",
    "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mt", "ft", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "d.c", "i.e", "e.g", "approx", "dept",
    "est", "fig", "op", "pp", "vol", "al", "ave", "blvd", "mass", "calif", "fla", "tex", "ariz",
}


#: Nouns that end like adverbs: 'His family said' is a subject, not 'His' and an adverb.
LY_NOUNS: frozenset[str] = frozenset({
    "family", "ally", "supply", "assembly", "rally", "reply", "monopoly", "anomaly", "belly", "bully", "folly",
    "lily", "fly", "july", "italy", "homily", "panoply", "jelly", "holly", "gully", "tally"})


def adverb_like(low: str) -> bool:
    """A lower-case word ending in -ly that is not one of the nouns above ('strongly', not 'family')."""
    return low.endswith("ly") and low not in LY_NOUNS
