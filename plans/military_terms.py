"""The plain-language check's word list: military terms and patterns, each with civilian wording.

Data only; ``plans.checks`` does the matching. A ``Term`` is found where its ``pattern``
matches as a whole word (with its plurals and spellings), and, when it names a context, only
where that context holds. Terms civilians also use (FOB in shipping, SOP in a lab, POV as
"point of view", ROE as "return on equity", CO as Colorado, CSM as customer success manager)
are listed with the context of their military sense, so they are found only in that sense.

A rank written as a title before a name ("SGM (Ret) Dana Brooks", "CPT Jones") is a name,
not prose: it is left to the greeting (how to address a contact), not flagged here.

Clearance terms are not jargon: defense and government employers search for them, so
``CLEARANCE_TERMS`` are reported as a note to keep them.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    name: str  # the term as a veteran would write it, e.g. "SOP"
    pattern: str  # regular expression for every form it takes (plurals, spellings)
    alternative: str  # civilian wording to use instead
    note: str = ""  # when it is (not) flagged, for whoever maintains the list
    ignore_case: bool = False  # acronyms match case exactly; words and phrases match any case
    # Context, each a regular expression (case-sensitive; write (?i:...) where case does not matter).
    # preceded_by is matched against the text just before, followed_by against the text just after;
    # when either is given the term counts only if one of them holds.
    preceded_by: str | None = None
    followed_by: str | None = None
    not_preceded_by: str | None = None
    not_followed_by: str | None = None


def acronym(name: str, alternative: str, pattern: str | None = None, **context: str) -> Term:
    """An all-capital (or mixed-case) abbreviation: matched case-sensitively, plural "s" allowed."""
    note = context.pop("note", "")
    return Term(name, pattern or f"{_escape(name)}(?:s|'s)?", alternative, note, False, **context)


def phrase(name: str, alternative: str, pattern: str | None = None, **context: str) -> Term:
    """A word or phrase: any case; spaces may be hyphens; a plural "s" allowed."""
    note = context.pop("note", "")
    default = _escape(name).replace(r"\ ", r"[\s-]+") + "(?:s|es)?"
    return Term(name, pattern or default, alternative, note, True, **context)


def _escape(text: str) -> str:
    return re.escape(text)


# --- Shared contexts --------------------------------------------------------------------------
# A rank written as a title before a person's name: "SFC Jones", "SGM (Ret) Dana Brooks".
NAME_NEXT = r"\s+(?:\((?i:ret|retired|r)\.?\)\s+)?[A-Z][a-z]"
# Words that put an ambiguous abbreviation in its sense of rank: "promoted to SSG", "as an LTC".
RANK_BEFORE = (
    r"(?i:\b(?:as|as an?|promoted to|made|pinned|pinned on|rank of|reached|retired as(?: an?)?|"
    r"served as(?: an?)?|fellow|former|newly promoted|then)\s+)$"
)
# Addresses, prices and product names where a code such as "11B" or "E5" is civilian.
CODE_CIVILIAN_BEFORE = (
    r"(?:[$€£]|(?i:\b(?:apt|apartment|suite|ste|unit|room|rm|building|bldg|floor|gate|row|seat|aisle|"
    r"xeon|galaxy|intel|model|series|level|section|box|lot|pier|dock|bay|route|hwy|highway|interstate|"
    r"amazon|aws|samsung|pixel|version|v)\.?\s*#?\s*(?:(?:was|is|number|no\.?)\s+)?))$"
)
CODE_CIVILIAN_AFTER = (
    r"(?i:\s*(?:visa|bucket|buckets|dollars|budget|revenue|users|in (?:revenue|sales|assets)|market))"
)
# Staff sections (S-3, G-4, J-1): the staff-section sense, not Amazon S3 or a Galaxy S6.
SHOP_BEFORE = (
    r"(?i:\b(?:battalion|brigade|bn|bde|squadron|group|wing|regiment|division|unit|the|as|as the|"
    r"in the|to the|at the|our|my|with the|from the)\s+)$"
)
SHOP_AFTER = (
    r"\s*(?:/|,|\s+and\s+[SGJ]-?\d|\s+(?i:shop|section|office|staff|NCOIC|OIC|officer|NCO|cell|chief|"
    r"clerk|sergeant|SGM|operations|OPS|plans|planner|planning))"
)
SHOP_CIVILIAN = (
    r"(?i:\s*(?:bucket|buckets|storage|api|console|object|objects|class|glacier|phone|edge|plus|\+))"
)


def _shop(number: str, alternative: str) -> Term:
    return acronym(
        f"S-{number}",
        alternative,
        rf"[SGJ]-?{number}",
        preceded_by=SHOP_BEFORE,
        followed_by=SHOP_AFTER,
        not_followed_by=SHOP_CIVILIAN,
        not_preceded_by=r"(?i:\b(?:amazon|aws|galaxy|samsung)\s+)$",
    )


def _rank(name: str, alternative: str, pattern: str | None = None, *, ambiguous: bool = False) -> Term:
    """A rank in prose. An ambiguous one (CSM, CPT, LTC...) counts only after words of rank."""
    if ambiguous:
        return acronym(name, alternative, pattern, preceded_by=RANK_BEFORE, not_followed_by=NAME_NEXT)
    return acronym(name, alternative, pattern, not_followed_by=NAME_NEXT)


def _mos(code: str, alternative: str) -> Term:
    return acronym(
        code,
        alternative,
        rf"{code}(?:[1-5]0)?(?:s|'s)?",
        not_preceded_by=CODE_CIVILIAN_BEFORE,
        not_followed_by=CODE_CIVILIAN_AFTER,
        note="Army MOS code",
    )


def _afsc(code: str, alternative: str) -> Term:
    return acronym(code, alternative, code, note="Air Force specialty code")


def _rating(letters: str, alternative: str) -> Term:
    return acronym(
        f"{letters}1-3",
        alternative,
        rf"{letters}[1-3](?:s|'s)?",
        not_preceded_by=CODE_CIVILIAN_BEFORE,
        note="Navy rating and rate",
    )


DUTY = "Say what you did instead (the team you led, the result)."

TERMS: tuple[Term, ...] = (
    # --- Leaders and roles ---------------------------------------------------------------------
    acronym("NCOIC", "supervisor in charge", "NCOICs?|SNCOICs?"),
    acronym("OIC", "manager in charge", "OICs?"),
    acronym("NCO", "supervisor", "NCOs?|NCO's"),
    acronym("SNCO", "senior supervisor", "SNCOs?"),
    acronym("XO", "deputy manager (second in command)", "XOs?"),
    acronym(
        "CO",
        "senior manager (commanding officer)",
        "CO",
        preceded_by=r"(?i:\b(?:my|the|our|his|her|their|company|battalion|squadron|unit|ship's|as|new|former|"
        r"acting|deputy)\s+)$",
        not_preceded_by=r"(?i:,\s*|\b(?:denver|boulder|aurora|springs|golden|vail|aspen|in)\s+)$",
        not_followed_by=r"(?:\s*\d)|(?i:\s+(?:detector|detectors|alarm|alarms|level|levels|emissions|sensor|"
        r"sensors|poisoning|monitor|monitoring|gas)\b)",
        note="Only as commanding officer; never Colorado (Denver, CO) or carbon monoxide.",
    ),
    phrase("first sergeant", "senior operations supervisor"),
    acronym("1SG", "senior operations supervisor", "1SGs?", not_followed_by=NAME_NEXT),
    phrase("sergeant major", "senior operations leader", r"(?:command )?sergeants? major"),
    phrase("platoon sergeant", "team supervisor (about 30 people)"),
    phrase("platoon leader", "team manager (about 30 people)"),
    phrase("squad leader", "team lead (about 10 people)"),
    phrase("section chief", "section supervisor"),
    phrase("company commander", "manager of an organization of about 150 people"),
    phrase("battalion commander", "senior leader of an organization of about 500 people"),
    phrase("commander's intent", "the goal behind the plan", r"commander['’]s intent"),
    acronym("LPO", "team supervisor (leading petty officer)", "LPOs?|LCPOs?"),
    acronym("DIVO", "department manager (division officer)", "DIVOs?"),
    phrase("junior enlisted", "entry-level staff", r"junior[\s-]+enlisted"),
    phrase("warfighter", "service member (or the customer you supported)"),
    acronym("Joes", "my team", "Joes", preceded_by=r"(?i:\b(?:my|our|the|junior|young|your)\s+)$"),
    acronym("Gunny", "senior supervisor", "Gunny", not_followed_by=NAME_NEXT),
    # --- Ranks (in prose) ------------------------------------------------------------------------
    _rank("PFC", "entry-level team member"),
    _rank("SGT", "team leader", "SGTs?"),
    _rank("SSG", "team supervisor", "SSGs?", ambiguous=True),
    _rank("SFC", "senior team supervisor", "SFCs?"),
    _rank("MSG", "senior supervisor", "MSGs?", ambiguous=True),
    _rank("SGM", "senior operations leader", "SGMs?"),
    acronym(
        "CSM",
        "senior operations leader",
        "CSMs?",
        preceded_by=r"(?i:\b(?:battalion|brigade|division|regiment|squadron|post|garrison|command|"
        r"the unit's)\s+)$",
        not_followed_by=NAME_NEXT,
        note="Only the command sergeant major, after its unit; a CSM is also a customer success manager.",
    ),
    _rank("SPC", "team member", "SPCs?", ambiguous=True),
    _rank("2LT", "junior manager", "2LTs?|2nd ?Lt|2ndLt"),
    _rank("1LT", "junior manager", "1LTs?|1st ?Lt|1stLt"),
    _rank("CPT", "manager", "CPTs?", ambiguous=True),
    _rank("MAJ", "senior manager", "MAJs?"),
    _rank("LTC", "senior manager", "LTCs?", ambiguous=True),
    _rank("COL", "executive", "COLs?", ambiguous=True),
    _rank("WO1", "technical specialist", "WO1s?"),
    _rank("CW2", "senior technical specialist", "CW[2-5]s?"),
    _rank("PO1", "supervisor (petty officer)", "PO[1-3]s?"),
    _rank("CPO", "senior supervisor (chief petty officer)", "CPOs?|SCPOs?|MCPOs?", ambiguous=True),
    _rank("LCDR", "senior manager", "LCDRs?|LTJGs?"),
    _rank("GySgt", "senior supervisor", "GySgts?|MGySgts?"),
    _rank("SSgt", "team supervisor", "SSgts?"),
    _rank("MSgt", "senior supervisor", "MSgts?|SMSgts?|CMSgts?|TSgts?"),
    _rank("SgtMaj", "senior operations leader", "SgtMajs?|1stSgts?"),
    _rank("LCpl", "team member", "LCpls?"),
    _rank("SrA", "team member", "SrAs?|A1Cs?"),
    _rank("LtCol", "senior manager", "LtCols?|Lt Col"),
    # --- Pay grades -------------------------------------------------------------------------------
    acronym(
        "E-5",
        "your role and team size, not a pay grade",
        r"E-?[1-9](?:s|'s)?",
        not_preceded_by=CODE_CIVILIAN_BEFORE,
        not_followed_by=r"(?i:[\s-]*visas?|\s*(?:series|class|chip|processor|v\d))",
    ),
    acronym(
        "O-3",
        "your role and team size, not a pay grade",
        r"O-(?:10|[1-9])(?:s|'s)?",
        not_followed_by=r"(?i:[\s-]*visas?|[A-Z])",
    ),
    # --- Job codes: Army MOS, Air Force AFSC, Navy ratings -----------------------------------------
    acronym("MOS", "job specialty", r"MOS(?:es|s)?"),
    acronym("AFSC", "job specialty", "AFSCs?"),
    _mos("11B", "infantry team member (name what you led or ran)"),
    _mos("12B", "combat engineer (construction and demolition)"),
    _mos("13B", "artillery crew member"),
    _mos("15T", "helicopter mechanic"),
    _mos("19D", "reconnaissance specialist"),
    _mos("25B", "IT specialist"),
    _mos("25U", "radio and network support technician"),
    _mos("27D", "paralegal"),
    _mos("31B", "military police officer (security and law enforcement)"),
    _mos("35F", "intelligence analyst"),
    _mos("36B", "finance technician"),
    _mos("42A", "HR specialist"),
    _mos("46S", "public affairs specialist"),
    _mos("68W", "medic (EMT-level care)"),
    _mos("74D", "hazardous materials specialist"),
    _mos("88M", "truck driver (motor transport operator)"),
    _mos("88N", "transportation coordinator"),
    _mos("91B", "vehicle mechanic"),
    _mos("92A", "logistics and warehouse specialist"),
    _mos("92F", "fuel handling specialist"),
    _mos("92G", "cook"),
    _mos("92Y", "supply specialist"),
    acronym(
        "0311",
        "rifleman (say what you led or ran)",
        r"0311|0331|0341|0351|0621|0651|3043|0411|1371",
        preceded_by=r"(?i:\b(?:MOS|MOS was|MOS is|MOS:|as an?|was an?)\s+)$",
        followed_by=r"\s+(?:\(|Marine|rifleman|radio|supply)",
        note="Marine Corps MOS code, only where it reads as one (after MOS, or as a role)",
    ),
    _afsc("3D0X2", "network and systems administrator"),
    _afsc("1N0X1", "intelligence analyst"),
    _afsc("3P0X1", "security officer"),
    _afsc("2T2X1", "logistics coordinator"),
    _afsc("4N0X1", "medical technician"),
    _afsc("3F0X1", "HR specialist"),
    _afsc("2S0X1", "supply specialist"),
    _afsc("1C1X1", "air traffic controller"),
    acronym(
        "AFSC code", "your job title", r"[1-9][A-Z]\d[X]\d[A-Z]?", note="any other Air Force specialty code"
    ),
    _rating("IT", "IT technician"),
    _rating("ET", "electronics technician"),
    _rating("HM", "medical technician"),
    _rating("BM", "deck operations supervisor"),
    _rating("YN", "administrative specialist"),
    _rating("GM", "weapons maintenance technician"),
    _rating("MA", "security officer"),
    _rating("CTN", "cyber analyst"),
    _rating("EM", "electrician"),
    _rating("MM", "mechanic"),
    _rating("HT", "welder and pipefitter"),
    _rating("AO", "munitions technician"),
    phrase("corpsman", "medical technician", r"corpsm[ae]n"),
    _shop("1", "HR office"),
    _shop("2", "security and intelligence office"),
    _shop("3", "operations department"),
    _shop("4", "logistics department"),
    _shop("5", "planning office"),
    _shop("6", "IT department"),
    # --- Organizations and places --------------------------------------------------------------------
    phrase("platoon", "team of about 30", r"platoons?", not_followed_by=r"(?i:\s+(?:sergeant|leader))"),
    acronym("PLT", "team of about 30", "PLTs?", not_preceded_by=r"\d\s*$"),
    phrase("battalion", "organization of about 500 people", not_followed_by=r"(?i:\s+commander)"),
    acronym("BN", "organization of about 500 people", "BNs?", not_preceded_by=r"(?:\d|\d\s|[$€£])$"),
    phrase(
        "brigade",
        "organization of several thousand people",
        not_preceded_by=r"(?i:\b(?:fire|bucket)\s+)$",
        not_followed_by=r"(?i:\s+of\s+(?:volunteers|helpers|fans|parents|neighbors|friends))",
    ),
    acronym("BDE", "organization of several thousand people", "BDEs?"),
    phrase("regiment", "large organization", r"regiments?"),
    phrase(
        "squadron", "organization (about 200 people)", r"squadrons?", not_followed_by=r"(?i:\s+commander)"
    ),
    acronym(
        "TOC",
        "operations center",
        "TOCs?",
        preceded_by=r"(?i:\b(?:battalion|brigade|BN|BDE|division|company|tactical|main|shift in the|ran the|"
        r"worked in the|radio in the)\s+)$",
        followed_by=r"(?i:'s|\s+(?:floor|shift|shifts|battle|NCO|NCOIC|OIC|operations|radio|watch|each|every|"
        r"during|at night))",
        note="Only the operations center; a TOC is also a document's table of contents.",
    ),
    acronym(
        "FOB",
        "base",
        "FOBs?",
        preceded_by=r"(?i:\b(?:the|a|our|each|every|remote|small|at|on|to|from)\s+)$",
        not_followed_by=r"(?i:\s+(?:price|prices|pricing|terms|point|destination|origin|shipping|"
        r"shipping point|"
        r"port|factory|warehouse|incoterms?))",
        note="Only a forward operating base; FOB as a shipping term (FOB destination) is civilian.",
    ),
    phrase("forward operating base", "base"),
    phrase("fobbit", "base staff", r"fobbits?"),
    phrase("motor pool", "vehicle maintenance shop"),
    phrase("arms room", "equipment storeroom"),
    acronym("CONUS", "in the United States", "CONUS"),
    acronym("OCONUS", "overseas", "OCONUS"),
    acronym("AOR", "area of responsibility (region)", "AORs?"),
    acronym(
        "CENTCOM", "U.S. Central Command (Middle East)", "CENTCOM|EUCOM|INDOPACOM|AFRICOM|SOUTHCOM|SOCOM"
    ),
    acronym("FORSCOM", "the Army's home-based forces command", "FORSCOM|TRADOC|AMC HQ"),
    phrase("downrange", "overseas (deployed)", r"down[\s-]?range"),
    phrase("outside the wire", "off base, in the field"),
    phrase(
        "theater",
        "overseas (deployed)",
        r"in-theater|theater of (?:operations|war)|(?:deployed|deployment|deploying) (?:in|"
        r"to) (?:the )?theater",
        note="Only the deployment sense; a theater (stage, cinema) is civilian.",
    ),
    phrase(
        "afloat",
        "at sea",
        "afloat",
        preceded_by=r"(?i:\b(?:while|units?|commands?|deployed|service|"
        r"time|years)\s+)$",
    ),
    # --- Moves and time away ---------------------------------------------------------------------------
    acronym(
        "PCS",
        "relocation",
        "PCS(?:'d|ed|ing|es)?",
        preceded_by=r"(?i:\b(?:a|my|our|the|his|her|after|before|during|upon|each|every|last|next|two|three|"
        r"I|we|I've|we've|had|have|family)\s+)$",
        followed_by=r"(?i:\s+(?:move|moves|orders|to|season|from))",
        not_preceded_by=r"\d\s*$",
    ),
    acronym("TDY", "temporary work assignment", r"TDY(?:s|'s)?"),
    acronym("TAD", "temporary work assignment", "TAD", preceded_by=r"(?i:\b(?:on|a|my|for)\s+)$"),
    acronym(
        "ETS",
        "leaving the military",
        "ETS(?:'d|ed|ing)?",
        preceded_by=r"(?i:\b(?:my|our|upon|after|before|since|his|her|an|the)\s+)$",
        followed_by=r"(?i:'d|ed|ing|\s+(?:date|from))",
        not_followed_by=r"(?i:\s+(?:GRE|TOEFL|test|exam|scores?))",
    ),
    acronym("EAS", "end of service", "EAS", preceded_by=r"(?i:\b(?:my|upon|after|before|since|an|the)\s+)$"),
    phrase("leave and liberty", "time off"),
    # --- Operations and planning --------------------------------------------------------------------------
    acronym(
        "SOP",
        "standard procedure",
        "SOPs?|TACSOPs?",
        preceded_by=r"(?i:\b(?:unit|battalion|brigade|company|platoon|tactical|field|TOC|convoy|range|"
        r"arms room|"
        r"motor pool|squadron|deployment|tac)\s+)$",
        followed_by=r"(?i:\s+for\s+(?:(?:the|my|our|a|each)\s+)?"
        r"(?:battalion|brigade|company|platoon|convoy|range|arms room|"
        r"motor pool|"
        r"TOC|unit|deployment))",
        note="Only a unit's SOP; SOPs in labs, plants and offices are civilian.",
    ),
    acronym("TACSOP", "standard procedure", "TACSOPs?"),
    acronym("OPORD", "project plan", "OPORDs?"),
    acronym("FRAGO", "change to the plan", "FRAGOs?|FRAGORDs?"),
    acronym("WARNO", "heads-up notice", "WARNOs?|WARNORDs?"),
    acronym("CONOPS", "plan of operations", "CONOPS|CONOPs?"),
    acronym(
        "COA",
        "option",
        "COAs?",
        followed_by=r"(?i:\s+(?:development|analysis|comparison|brief|briefs|decision))",
        preceded_by=r"(?i:\b(?:three|two|several|multiple|developed|develop|briefed|brief)\s+)$",
        note="Only a course of action; COA as a certificate of analysis or chart of accounts is civilian.",
    ),
    acronym("SITREP", "status update", "SITREPs?|SITREP's"),
    phrase("sitrep", "status update", r"sitreps?"),
    acronym("AAR", "project review (what went well, what to improve)", "AARs?"),
    phrase("after action review", "project review", r"after[\s-]+action (?:review|report)s?"),
    phrase("hot wash", "quick debrief", r"hot[\s-]?wash(?:es)?"),
    acronym("OPTEMPO", "workload", "OPTEMPO"),
    phrase("ops tempo", "workload", r"ops[\s-]?tempo|operational tempo"),
    phrase("battle rhythm", "regular meeting schedule"),
    phrase("mission essential", "critical to operations", r"mission[\s-]+essential"),
    acronym("METL", "list of core tasks", "METLs?"),
    acronym(
        "TTP",
        "methods and procedures",
        "TTPs?",
        not_preceded_by=r"(?i:\b(?:adversary|adversarial|threat|attacker|attack|actor|actors'?|MITRE|ATT&CK|"
        r"ransomware|APT|known|hunt for|map(?:ped)? to)\s+)$",
        not_followed_by=r"(?i:\s+(?:used by|of (?:the )?(?:adversar|threat|attack|actor)|in (?:the )?MITRE|"
        r"from (?:the )?MITRE|mapped))",
        note="Not threat actors' TTPs (MITRE ATT&CK), which civilian security teams use.",
    ),
    acronym(
        "ROE",
        "rules (for when to use force)",
        "ROEs?",
        preceded_by=r"(?i:\b(?:follow|followed|following|under|within|the|our|strict|briefed|brief|"
        r"enforce|enforced|"
        r"understood)\s+)$",
        followed_by=r"(?i:\s+(?:brief|briefs|briefing|card|cards|training|violations?))",
        not_followed_by=r"(?i:\s+(?:of|was|is|by|improved|grew|rose|fell|target|\d|increased|decreased))",
        note="Only rules of engagement; ROE as return on equity is civilian.",
    ),
    acronym("QRF", "rapid-response team", "QRFs?"),
    acronym(
        "EOD",
        "bomb disposal",
        "EOD",
        followed_by=r"(?i:\s+(?:tech|techs|technician|technicians|team|"
        r"teams|unit|"
        r"specialist|company|operations|school))",
    ),
    acronym("IED", "roadside bomb", "IEDs?"),
    acronym("MEDEVAC", "medical evacuation", "MEDEVACs?|CASEVACs?"),
    acronym("LZ", "landing site", "LZs?"),
    acronym(
        "ISR",
        "surveillance",
        "ISR",
        followed_by=r"(?i:\s+(?:collection|assets?|missions?|platforms?|operations|support|analysts?|"
        r"feeds?|sorties|requirements|plans?))",
        note="Only surveillance (ISR assets); ISR in web development (Next.js) is civilian.",
    ),
    phrase("force protection", "security"),
    phrase("key leader engagement", "meeting with local leaders"),
    acronym("MDMP", "planning process", "MDMP"),
    phrase("troop leading procedures", "planning steps", r"troop[\s-]+leading procedures?|TLPs?"),
    # --- Security and intelligence (not clearances) ---------------------------------------------------
    acronym("OPSEC", "information security", "OPSEC"),
    acronym("COMSEC", "communications security", "COMSEC"),
    acronym("SIGINT", "signals analysis", "SIGINT"),
    acronym("HUMINT", "interviewing and source work", "HUMINT"),
    acronym("GEOINT", "map and imagery analysis", "GEOINT"),
    acronym("SIPR", "classified network", r"SIPR(?:Net|NET)?|NIPR(?:Net|NET)?"),
    acronym("FOUO", "for internal use only", "FOUO"),
    acronym(
        "CAC",
        "ID badge",
        "CAC",
        followed_by=r"(?i:\s+(?:card|cards|reader|readers|enabled|access|"
        r"login))",
    ),
    phrase(
        "intel",
        "intelligence",
        r"intel(?=\s+(?:shop|section|cell|brief|briefs|briefing|briefings|"
        r"officer|"
        r"NCO|analyst|analysts|products?|sergeant|report|reports))",
        note="Only the military shop (intel section, intel brief); Intel Core is civilian.",
    ),
    # --- Supply, maintenance and property -------------------------------------------------------------
    acronym("PMCS", "preventive maintenance checks", "PMCS"),
    phrase("hand receipt", "signed equipment record", r"(?:sub-?)?hand[\s-]+receipts?"),
    phrase("property book", "asset register", r"property[\s-]+books?"),
    acronym("PBO", "asset manager", "PBOs?"),
    acronym("CSDP", "supply audit program", "CSDP"),
    acronym("GCSS-Army", "the Army's supply and maintenance system (SAP-based)", r"GCSS-(?:Army|A|MC)"),
    acronym(
        "DTS",
        "travel booking and expense system",
        "DTS",
        preceded_by=r"(?i:\b(?:in|through|on|using|via|the)\s+)$",
        followed_by=r"(?i:\s+(?:vouchers?|authorizations?|orders|approving official))",
    ),
    acronym("NSN", "part number", "NSNs?"),
    acronym("MTOE", "equipment and staffing list", "M?TOEs?", not_followed_by=r"(?i:\s*(?:nail|ring|cap))"),
    acronym("FLIPL", "report of lost or damaged property", "FLIPLs?"),
    acronym("DRMO", "surplus disposal office", "DRMO|DLADS"),
    acronym(
        "CIF",
        "equipment issue office",
        "CIF",
        preceded_by=r"(?i:\b(?:at|to|from|the)\s+)$",
        followed_by=r"(?i:\s+(?:issue|turn-in|gear|records?))",
    ),
    phrase("connex", "shipping container", r"conn?ex(?:es)?(?:\s+boxe?s?)?"),
    acronym(
        "Class IX",
        "spare parts",
        r"Class IX(?:\s+(?:supplies|items|parts))?|"
        r"Class (?:I|II|III|IV|V|VIII)\s+(?:supplies|items|parts|yard|supply point|resupply)",
        note="Classes of supply; a Class III medical device or a Class A CDL is civilian.",
    ),
    phrase("10-level maintenance", "operator maintenance", r"[12]0[\s-]level maintenance"),
    acronym("MRE", "field ration", "MREs?"),
    # --- Records, reviews, schools and awards --------------------------------------------------------
    acronym("DD 214", "discharge record", r"DD[\s-]?(?:Form[\s-]?)?214s?"),
    acronym("DA 2062", "signed equipment record", r"DA(?: Form)?[\s-]?2062s?"),
    acronym("DA 4856", "written feedback", r"DA(?: Form)?[\s-]?4856s?"),
    acronym("NCOER", "performance review", "NCOERs?"),
    acronym("OER", "performance review", "OERs?"),
    acronym("EPR", "performance review", "EPRs?"),
    acronym("OPR", "performance review", "OPRs?"),
    acronym("FITREP", "performance review", r"FITREPs?|FitReps?"),
    phrase("counselings", "feedback sessions", r"counselings|developmental counseling"),
    acronym("ERB", "service record", "ERBs?|ORBs?"),
    acronym("LES", "pay statement", "LES", preceded_by=r"(?i:\b(?:my|the|an|your|monthly)\s+)$"),
    acronym("UCMJ", "military law", "UCMJ"),
    phrase("Article 15", "disciplinary action", r"Article 15s?"),
    acronym("NJP", "disciplinary action", "NJPs?"),
    acronym(
        "BLC",
        "leadership course",
        r"BLC|ALC|WLC|PLDC|BNCOC|ANCOC|SLC(?=\s+(?:course|class|graduate|honor))",
        note="SLC alone is Salt Lake City.",
    ),
    acronym(
        "NCOA",
        "leadership academy",
        "NCOA",
        not_followed_by=r"(?i:\s+(?:processing|process|updates?|database|file|files|service|hygiene|link|"
        r"matching|check|checks))",
        not_preceded_by=r"(?i:\b(?:run|ran|through|against|USPS)\s+)$",
        note="Not the Postal Service's National Change of Address.",
    ),
    acronym("PME", "leadership training", "PME"),
    acronym("AIT", "job training", "AIT", not_followed_by=r"(?i:\s*(?:ltd|inc))"),
    acronym("BCT", "basic training", "BCT"),
    acronym("SERE", "survival training", "SERE"),
    acronym("TCCC", "battlefield first aid training", "TCCC"),
    acronym(
        "CLS",
        "first aid certification",
        "CLS",
        followed_by=r"(?i:\s+(?:certified|certification|course|qualified|bag|trained))",
        preceded_by=r"(?i:\b(?:a|my|as a)\s+)$",
        not_followed_by=r"(?i:\s+(?:class|coupe|amg|550|63))",
    ),
    acronym(
        "ARCOM",
        "award for outstanding performance",
        "ARCOMs?|AAMs?|MSMs?|NAMs?",
        preceded_by=r"(?i:\b(?:an?|two|three|my|received|earned|awarded|the)\s+)$",
    ),
    acronym("PQS", "qualification checklist", "PQS"),
    acronym("ESWS", "warfare qualification", r"ESWS|EAWS|ESWS/EAWS"),
    acronym("ASVAB", "aptitude test", "ASVAB"),
    acronym("GT score", "aptitude score", r"GT score"),
    acronym("APFT", "fitness test", r"APFT|ACFT|PRT", note="PFT (also a lung test) left out."),
    phrase(
        "PT test",
        "fitness test",
        r"PT (?:tests?|formations?|scores?)|morning PT",
    ),
    acronym("TIS", "years of service", r"TIS/TIG|TIG/TIS"),
    # --- Benefits and programs ---------------------------------------------------------------------------
    acronym("FRG", "family support group", "S?FRGs?"),
    acronym("UPL", "substance-abuse prevention lead", "UPLs?"),
    acronym(
        "BAH",
        "housing allowance",
        "BAH",
        preceded_by=r"(?i:\b(?:my|his|her|their|our|with|without|plus)\s+)$",
        followed_by=r"(?i:\s+(?:rate|rates|covered|covers|allowance|and BAS|payments?))",
        note="Only the housing allowance; BAH is also Booz Allen Hamilton.",
    ),
    acronym("SGLI", "life insurance", "SGLI"),
    acronym(
        "TAP",
        "transition program",
        "TAP",
        preceded_by=r"(?i:\b(?:the|completed|through|attended|in|"
        r"during)\s+)$",
        followed_by=r"(?i:\s+(?:class|classes|course|program|workshop|counselor))",
    ),
    acronym(
        "CQ", "overnight front-desk duty", "CQ", followed_by=r"(?i:\s+(?:duty|desk|runner|shift|shifts))"
    ),
    phrase("staff duty", "overnight duty officer shift", r"staff duty(?: NCO| officer)?"),
    phrase("sick call", "clinic visits", r"sick call"),
    # --- Talk and slang ----------------------------------------------------------------------------------
    acronym("BLUF", "in short", "BLUF"),
    phrase("hooah", "(leave it out)", r"hoo-?ah|hooyah|oorah|ooh-?rah"),
    phrase("roger that", "understood", r"roger that|roger,? out"),
    phrase("wilco", "will do", r"wilco"),
    phrase("lima charlie", "loud and clear", r"lima charlie"),
    phrase("Zero Dark Thirty", "very early in the morning", r"(?:zero|oh)[\s-]dark[\s-]thirty"),
    acronym(
        "0800",
        "8 a.m. (say the time as civilians do)",
        r"(?!(?:19|20)\d\d(?!\s*(?:hours|hrs|hr)\b))(?:0[0-9]|1[0-9]|2[0-3])[0-5][0-9](?:\s*(?:hours|hrs|"
        r"hr)\b)?",
        followed_by=r"\s*(?:hours|hrs|hr)\b|\s+(?i:formation|formations|brief|briefing|meeting|shift|"
        r"accountability)\b",
        preceded_by=r"(?i:\b(?:at|by|until|till|from|before|after|around|starting|report(?:ed)? at)\s+)$",
        not_preceded_by=r"(?:\d[\s.-]|\(\d{3}\)\s?|#\s*)$",
        not_followed_by=r"(?i:\s*(?:-|–|to)\s*(?:19|20)\d\d|\s+(?:and|to|through|-)\s+(?:19|20)\d\d|s\b)",
        note="Military time (0800, 1700 hours); a year (1999, 2014) only with 'hours' after it.",
    ),
    phrase("squared away", "organized"),
    phrase("voluntold", "assigned"),
    phrase("embrace the suck", "kept going through hard conditions"),
    phrase("gig line", "neat appearance"),
    phrase("high and tight", "short haircut"),
    phrase(
        "muster",
        "gather",
        r"(?:morning|daily|evening|at|for|quarters) muster|muster (?:formation|report|reports)",
        note="Only a roll call; 'pass muster' and 'muster the courage' are civilian.",
    ),
    phrase("billet", "position", r"billets?"),
    phrase("deckplate", "front-line", r"deck[\s-]?plates?"),
    phrase("shipmates", "colleagues", r"shipmates?"),
    phrase("field grade", "mid-level manager", r"field[\s-]grade(?: officers?)?"),
    phrase("company grade", "junior manager", r"company[\s-]grade(?: officers?)?"),
    phrase("NCO support channel", "supervisors' reporting line", r"NCO support channel"),
    acronym(
        "POV",
        "personal vehicle",
        "POVs?",
        followed_by=r"(?i:\s+(?:inspection|inspections|safety|registration|travel|mileage|checks?|briefs?|"
        r"accidents?|lot|parking))",
        preceded_by=r"(?i:\b(?:drove|drive|driving|drives|park|parked|parking|by|in a|in my|"
        r"in your)\s+(?:my |your |a |their )?)$",
        not_preceded_by=r"(?i:\bfrom\s+(?:my|your|their|a)\s+)$",
        note="Only a personal vehicle; POV as 'point of view' is civilian.",
    ),
    acronym("DFAC", "dining facility (cafeteria)", "DFACs?|chow hall"),
)

# Clearance words are not jargon: defense and government employers search for them.
CLEARANCE_TERMS: tuple[Term, ...] = (
    acronym(
        "TS/SCI",
        "",
        r"TS/SCI(?:\s+with\s+(?:a\s+)?(?:full[\s-]scope|CI|"
        r"counterintelligence)\s+poly(?:graph)?)?",
    ),
    phrase("Top Secret", "", r"top[\s-]secret(?:\s+clearance)?"),
    phrase(
        "Secret clearance", "", r"(?:active |current |interim )?secret(?:-level)? (?:security )?clearance"
    ),
    acronym("TS clearance", "", r"(?:active |current )TS(?!/)|TS clearance"),
    phrase("polygraph", "", r"(?:full[\s-]scope |CI |counterintelligence |lifestyle )?polygraphs?"),
    acronym("CI poly", "", r"(?:CI|FS|full[\s-]scope) poly"),
    phrase(
        "Public Trust",
        "",
        r"public trust(?: clearance| position| investigation)?",
        preceded_by=r"(?i:\b(?:a|an|active|current|moderate|high|low|hold|held|with|tier \d)\s+)$",
    ),
    phrase("security clearance", "", r"(?:active |current )?security clearances?"),
    acronym("SF-86", "", r"SF[\s-]?86"),
    acronym("Q clearance", "", r"(?:DOE )?[QL] clearance"),
    acronym("SCI", "", r"SCI(?= eligib| access| indoc)"),
)
