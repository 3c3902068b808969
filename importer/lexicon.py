"""The content-note lexicon: phrases that propose categories, idioms that propose none, and
the short forms writers use in their own note lines. Read by importer/notes.py.

Each entry is (categories, anchors, phrase): the categories' keys (content_notes.CATEGORIES,
space-separated; "" for an idiom), the words one of which the phrase always holds (lower case,
letters only, as the importer splits a text), and the phrase, a regular expression matched on
lower-case text at word boundaries. Phrases stay one a line, however long, to be read.
"""

# ruff: noqa: E501

from __future__ import annotations

from community_site.data.content_notes import CATEGORIES

# Short names for the categories, in the lexicon below, in their canonical order.
S, H, D, V, A, E, U = CATEGORIES
IDIOM = ""  # the categories of an idiom: none

# Reused pieces of phrases.
SELF = r"(?:my|him|her|them|your|our|one)sel(?:f|ves)"
OBJ = r"(?:me|him|her|them|us|you)"
POSS = r"(?:my|his|her|their|your|our)"
KIN = (
    r"(?:mother|mom|mum|mommy|mama|father|dad|daddy|papa|son|daughter|brother|sister|husband|"
    r"wife|partner|spouse|boyfriend|girlfriend|fianc[eé]e?|(?:best |closest |dear )?friend|"
    r"child|baby|babies|twin|grandmother|grandma|granny|grandfather|grandpa|granddad|"
    r"grandparents?|aunt|auntie|uncle|cousin|niece|nephew|parents?|stepfather|stepmother|"
    r"stepdad|stepmom|stepmum|(?:little |big |older |younger |baby )(?:brother|sister))"
)
# Who hits whom at home: a relative or partner as the one who does it.
ABUSER = (
    r"(?:he|she|they|who|"
    + POSS
    + r" (?:mother|mom|mum|father|dad|husband|wife|partner|boyfriend|girlfriend|ex|"
    r"stepfather|stepmother|stepdad|stepmom|stepmum|brother|sister|uncle|parents?|teacher|"
    r"coach|priest|babysitter))"
)
HITS = (
    r"(?:hit|hits|hitting|punched|punches|punching|slapped|slaps|slapping|kicked|kicks|"
    r"kicking|choked|chokes|choking|strangled|strangles|shoved|shoves|threw|throws|whipped|"
    r"beat|beats|beating|burned|burnt|hurt|hurts|raped|rapes|molested|attacked)"
)
HITS_WORDS = (
    "hit hits hitting punched punches punching slapped slaps slapping kicked kicks kicking "
    "choked chokes choking strangled strangles shoved shoves threw throws whipped beat beats "
    "beating burned burnt hurt hurts raped rapes molested attacked"
)
DRUGS = (
    r"(?:drugs|alcohol|heroin|cocaine|coke|crack|meth|opioids|opiates|painkillers|pain "
    r"killers|pills|prescription pills|oxy\w*|fentanyl|booze|drinking|benzos|xanax|valium|"
    r"sleeping pills|codeine|morphine|ketamine|speed|the bottle|weed|pot|cannabis|marijuana)"
)
DRINKS = r"(?:beers?|wine|vodka|whisk(?:e)?y|gin|rum|tequila|booze|liquor|spirits|alcohol)"
DRINK_WORDS = "beer beers wine vodka whisky whiskey gin rum tequila booze liquor spirits"
# Things that "die" or are "dead" in everyday talk.
THINGS = (
    r"(?:phone|phones|battery|batteries|laptop|computer|car|engine|motor|printer|plant|"
    r"plants|flowers|garden|lawn|grass|conversation|conversations|wind|music|noise|storm|"
    r"fire|light|lights|bulb|signal|app|trend|hype|server|wifi|internet|tv|screen|mouse|"
    r"keyboard|pen|line|link|links|zone|end|ends|air|leaves|skin|cells?|legs|arms|feet|hands|"
    r"fingers|toes|thumbs|brain|brains|muscles)"
)

# (categories, anchors, phrase). Order matters where phrases overlap at one place: idioms and
# the more particular phrases come first. Anchors: the words (as the split gives them: lower
# case, letters only) one of which the phrase always holds.
LEXICON: list[tuple[str, str, str]] = [
    # -- idioms: no note ---------------------------------------------------------------
    (
        IDIOM,
        "killing",
        r"(?:is|are|was|were|'s|'re|keeps|kept|been) (?:literally )?killing (?:me|us)",
    ),
    (IDIOM, "killing", r"killing (?:me|us)(?! (?:with|slowly|softly))"),
    (
        IDIOM,
        "kill kills killed killing",
        r"kill(?:s|ed|ing)? (?:it|them all|some time|time|two birds|the (?:mood|vibe|buzz|lights?|engine|motor|music|power|joke|conversation|momentum|pain|germs|bacteria|weeds|bugs|process|app|program|idea|plan|deal)|(?:my|your|our|the) (?:buzz|vibe|mood|joy|battery|phone))",
    ),
    (
        IDIOM,
        "kill murder",
        r"(?:'d|would|could|might|gonna|going to|i'll|we'll) (?:literally |happily |totally )?(?:kill|murder) (?:for|a|an|some|the|to|two)\b",
    ),
    (
        IDIOM,
        "kill",
        r"(?:'ll|will|gonna|going to) (?:literally |totally |actually )?kill (?:me|us|you)",
    ),
    (IDIOM, "killing", r"killing (?:" + SELF + r") (?:to|trying|over|for|at|with|laughing)"),
    (IDIOM, "laughing laughter", r"kill(?:s|ed|ing)? " + SELF + r" (?:laughing|with laughter)"),
    (
        IDIOM,
        "kill killed",
        r"(?:dressed to kill|curiosity killed the cat|if looks could kill|kill (?:or|and) be killed)",
    ),
    (IDIOM, "killer killers", r"(?:pain|weed|bug|germ|lady|giant|time|mood|fun|joy)[- ]?killers?"),
    (
        IDIOM,
        "killer",
        r"killer (?:apps?|heels|deals?|views?|workouts?|instinct|smile|outfits?|lines?|features?|combos?|looks?|playlists?|questions?|whales?|bees?|sudoku|queen|tunes?|tracks?|songs?|robots?|cardio|legs|abs|hangovers?|ideas?|recipes?|dress|shoes|bands?|games?|moves?|jokes?|punchlines?|design|products?|sauce|dish|cake|burgers?|prices?|sales?|arguments?|answers?|pitch|opening|presentations?|schedule|weeks?|days?|commute|headaches?|migraines?|cramps|cold|flu|cough|combination|app|snacks?|cookies?|brownies?|fries|soundtrack|riff|voice|serve|tan|bod(?:y)?|hill|climb|run|race|hike|stairs)",
    ),
    (
        IDIOM,
        "murder",
        r"murder (?:a|an|some) (?:coffee|tea|cuppa|pint|beer|drink|burger|pizza|curry|sandwich|meal|cake|steak|bacon|chocolate|donut|doughnut)",
    ),
    (IDIOM, "murder", r"(?:is|was|are|were|be|been|'s) (?:absolute |sheer |pure )?murder on"),
    (IDIOM, "murder", r"(?:is|are) (?:absolute |sheer |pure )?murder(?! of)"),
    (
        IDIOM,
        "killer",
        r"(?:this|that|it|it's|it is|it was|which is|which was) (?:is |was )?(?:an absolute |a real |a total |a proper |a )killer",
    ),
    (IDIOM, "beat beating beats", r"beat(?:ing|s)? (?:" + SELF + r") up"),
    (
        IDIOM,
        "high",
        r"high on (?:life|love|happiness|joy|success|sugar|caffeine|adrenaline|hope|excitement)",
    ),
    (IDIOM, "murder", r"(?:get|gets|got|getting|gotten) away with murder"),
    (
        IDIOM,
        "murder",
        r"murder (?:mystery|mysteries|podcasts?|novels?|shows?|she wrote|ballads?|of crows)",
    ),
    (
        IDIOM,
        "dead",
        r"dead[- ](?:tired|busy|keen|proud|chuffed|excited|nervous|pleased|certain|handy|useful|nice|lovely|clever|cheap|simple|beat|set|serious|wrong|right|last|center|centre|silent|quiet|easy|simple|heat|end|ends|weight|ringer|giveaway|air|calm|on|even|pan|battery|batteries|phone|link|links|letter|wood|space|cert|funny|good|slow|still|lucky|straight|ahead|against|level|sure|bored|broke|boring|cute|gorgeous|center|zone|skin|cells?|leaves|flowers|in the water|to me|to the world|of (?:night|winter|the night))",
    ),
    (IDIOM, "dead", r"(?:drop|stone|brain|half|dog|deader|stop)[- ]dead"),
    (
        IDIOM,
        "dead",
        r"(?:over my dead body|flog(?:ging|ged)? a dead horse|beat(?:ing)? a dead horse|raise the dead|wake the dead|dead or alive|the walking dead|grateful dead|dead poets)",
    ),
    (
        IDIOM,
        "dead",
        THINGS
        + r" (?:is|was|went|are|were|were all|is all|had gone|had been)? ?(?:completely |totally |all |stone )?dead",
    ),
    (
        IDIOM,
        "die died dies dying",
        THINGS
        + r" (?:had |has |have |just |finally |then |suddenly |slowly )?(?:died|dies|die|dying)",
    ),
    (IDIOM, "die", r"(?:to|would) die for"),
    (IDIOM, "dying", r"dying (?:to|for)\b"),
    (
        IDIOM,
        "die died dies dying",
        r"(?:die|died|dies|dying) (?:down|out|off|away|hard|laughing|of (?:laughter|boredom|embarrassment|shame|curiosity|thirst|hunger|cuteness|envy|jealousy))",
    ),
    (
        IDIOM,
        "die",
        r"(?:die[- ](?:hard|cast|hards)|do or die|never say die|the die is cast|(?:dice|die) (?:rolls?|rolled|roll))",
    ),
    (
        IDIOM,
        "death",
        r"(?:bored|scared|frightened|worried|sick|tired|tickled|freezing|frozen|loved?|worked|work|stressed|annoyed|talked|done|flogged|bore|scare|worry|love|talk|overthink|overthought) (?:me |him |her |them |us )?to death",
    ),
    (
        IDIOM,
        "death",
        r"death (?:metal|star|valley|trap|traps|grip|stare|knell|by (?:powerpoint|a thousand cuts|chocolate)|eater|eaters)",
    ),
    (
        IDIOM,
        "death",
        r"(?:sudden death|cheat(?:ed|ing)? death|(?:like|looks?|looked|feel|felt|feeling) (?:like )?death warmed)",
    ),
    (
        IDIOM,
        "suicide",
        r"(?:career|political|commercial|social|professional|electoral|fashion|financial|brand) suicide",
    ),
    (IDIOM, "suicide", r"suicide (?:squeeze|doors?|drills?|runs?|sprints?|squad|king|blonde)"),
    (
        IDIOM,
        "shot shooting shoot",
        r"(?:shooting|shoot|shot) (?:a |the |some |my |our |his |her )?(?:photos?|pictures?|videos?|film|films|movie|scene|scenes|star|stars|hoops|pool|baskets|breeze|range|script|guard|gallery|portraits?|footage|the breeze|down|up|for the moon|from the hip|the messenger|my mouth off|a glance|a look)",
    ),
    (IDIOM, "shooting", r"shooting (?:pains?|sensation)"),
    (
        IDIOM,
        "stab stabbed stabbing stabs",
        r"(?:stab(?:s|bed|bing)? at|(?:a|another|one|first) stab|stab in the dark|stabbing (?:pains?|sensation|headaches?)|stab(?:bed|bing)? (?:"
        + OBJ
        + r" )?in the back)",
    ),
    (
        IDIOM,
        "gun guns",
        r"(?:jump(?:ed|ing|s)? the gun|stick(?:ing|s)? to (?:my|your|our|his|her|their) guns|stuck to (?:my|your|our|his|her|their) guns|(?:glue|heat|nail|staple|spray|grease|caulk|caulking|massage|water|nerf|toy|squirt|paint|starting|top|big|smoking|radar|speed) guns?|guns? blazing|son of a gun)",
    ),
    (
        IDIOM,
        "violent violently",
        r"violent(?:ly)? (?:ill|sick|vomit\w*|cough\w*|shak\w*|shiver\w*|storms?|winds?|weather|headaches?|sneez\w*|allergic|reactions?|flu|retch\w*|purple|colou?rs?|disagree\w*|opposed)",
    ),
    (IDIOM, "violent violence", r"non[- ]?violen\w*"),
    (IDIOM, "assault", r"(?:assault (?:on|of|to) (?:the|my|your|our) senses|assault course)"),
    (
        IDIOM,
        "torture tortured",
        r"(?:sheer|pure|absolute|such|real|total|utter|was|is|it's|like) torture",
    ),
    (IDIOM, "beating", r"(?:took|take|takes|taking) a beating"),
    (
        IDIOM,
        "grief",
        r"(?:good grief|(?:give|gave|giving|get|got|getting|gets) (?:me |him |her |us |them |you )?grief)",
    ),
    (
        IDIOM,
        "stalk stalking stalked stalker",
        r"(?:facebook|instagram|social media|internet|online|twitter|linkedin|insta|fb)[- ]?stalk\w*",
    ),
    (
        IDIOM,
        "stalking stalked",
        r"stalk(?:ing|ed) (?:your|my|his|her|their) (?:profile|instagram|facebook|page|feed|posts|socials)",
    ),
    (
        IDIOM,
        "abuse",
        r"abuse of (?:power|process|discretion|authority|office|the system|privilege|privileges|position|notation|language)",
    ),
    (
        IDIOM,
        "drunk",
        r"(?:drunk (?:on|with) (?:power|love|happiness|joy|success|excitement|life|freedom|sunshine)|punch[- ]drunk)",
    ),
    (
        IDIOM,
        "drunk",
        r"(?:drunk|drank) (?:a |two |three |\d+ |some |plenty |lots |enough )?(?:(?:of |more )?(?:litres|liters|glasses|cups|bottles) of )?(?:water|tea|coffee|juice|milk|smoothies?|fluids|electrolytes)",
    ),
    (
        IDIOM,
        "drinking drink",
        r"drink(?:ing)? (?:in )?(?:the view|the scenery|the atmosphere|it all in|plenty of (?:water|fluids)|water|tea|coffee|juice|milk|smoothies?|fluids|electrolytes|the kool-aid)",
    ),
    (
        IDIOM,
        "hangover hangovers",
        r"(?:holiday|christmas|sugar|food|emotional|vulnerability|book|social|introvert|carb|chocolate|caffeine|steroid|anaesthesia|anesthesia|medication|migraine|post-migraine) hangovers?|hangovers? from",
    ),
    (
        IDIOM,
        "sober",
        r"sober(?:ing)? (?:reminder|look|assessment|analysis|thought|thoughts|truth|fact|warning|mood|suit|colou?rs|tone|second thought|view|judgement|judgment|reflection)",
    ),
    (IDIOM, "addicted", r"addicted to (?!" + DRUGS + r"\b)\w+"),
    (
        IDIOM,
        "addict addicts addiction addictions",
        r"(?:gambling|phone|social media|internet|shopping|sugar|chocolate|coffee|caffeine|tv|television|netflix|gaming|video game|work|exercise|gym|love|screen|tech|news|adrenaline|book|reading|puzzle|crossword|fitness|food|podcast|tea|running|coupon|craft|yarn|plant)[- ]?(?:addicts?|addictions?)",
    ),
    (
        IDIOM,
        "addictive",
        r"addictive(?! (?:personality|substances?|drugs?|behaviou?rs?|disorders?))",
    ),
    (
        IDIOM,
        "junkie junkies",
        r"(?:news|adrenaline|sugar|political|fitness|gym|health|info|information|data|caffeine|coffee|culture|nature|travel)[- ]?junkies?",
    ),
    (
        IDIOM,
        "overdose overdosed overdosing",
        r"overdos(?:e|ed|ing) on (?:sugar|caffeine|chocolate|coffee|candy|cuteness|nostalgia|tv|netflix|sunshine|information|cake|christmas)",
    ),
    (
        IDIOM,
        "binge binged binging bingeing",
        r"binge(?:d|ing)?[- ]?(?:watch\w*|read\w*|listen\w*|on (?:netflix|tv|the series|the show|episodes|\w+ episodes|youtube|podcasts|books|shows|reality|box sets?))|(?:binging|bingeing) (?:on )?(?:netflix|tv|the series|the show|episodes|youtube|podcasts|books)",
    ),
    (
        IDIOM,
        "purge purged purging",
        r"purg(?:e|ed|ing) (?:my |the |our |old )?(?:closet|wardrobe|files|inbox|data|emails|stuff|belongings|clutter|house|garage|books|clothes|toys|kitchen|cupboards?)",
    ),
    (
        IDIOM,
        "cut cuts cutting",
        r"cut(?:s|ting)? "
        + SELF
        + r" (?:off|short|some slack|a (?:slice|piece|break)|free|loose|out|in|shaving|on (?:a|the|some|broken)|while (?:cooking|shaving|chopping))",
    ),
    (
        IDIOM,
        "starving starved starve",
        r"starv(?:ing|ed|e) (?:for|of) (?:conversation|attention|company|affection|news|information|knowledge|ideas|entertainment|culture|time|sunlight|light)",
    ),
    (
        IDIOM,
        "high",
        r"(?:got|get|getting) high (?:marks|scores|grades|fives?|praise|ratings|blood pressure|ground)",
    ),
    (IDIOM, "ecstasy", r"(?:in|of|pure|sheer|absolute) ecstasy"),
    (
        IDIOM,
        "groomed grooming",
        r"(?:well|dog|pet|horse|cat|beard|personal|self|poorly|nicely)[- ]groom(?:ed|ing)",
    ),
    (
        IDIOM,
        "attack attacked attacks",
        r"(?:heart|panic|anxiety|asthma|migraine|gout|gallbladder|ms|seizure|sneezing|coughing|crohn's|colitis|allergy|allergic|immune|autoimmune) attacks?",
    ),
    (
        IDIOM,
        "blood",
        r"blood (?:test|tests|work|pressure|sugars?|type|donation|donor|cells|count|counts|draws?|results|panel|levels|vessels?|clots?|thinners?|transfusions?|bank|orange)",
    ),
    (
        IDIOM,
        "shot",
        r"(?:big|long|flu|booster|covid|vaccine|b12|cortisone|allergy|mug|screen|moon|cheap|parting|trick|money|jump|slap|hot) ?shots?|(?:a|my|the|his|her|another|second|first) (?:flu |booster |covid |cortisone |b12 )?shot|shot glass|gave it a shot|give it a shot",
    ),
    (
        IDIOM,
        "death",
        r"(?:be|been|is|was|will be|'ll be) the (?:death|end) of (?:me|us|him|her|them)|kiss of death|died a (?:quiet|natural|slow|swift) death",
    ),
    (
        IDIOM,
        "war zone",
        r"(?:is|was|like|looks like|looked like) a (?:total |complete |real )?war ?zone",
    ),
    (
        IDIOM,
        "shoot",
        r"shoot (?:me|us|him|her|them) (?:an? |the |your )?(?:email|e-mail|text|message|note|line|dm|call|quick \w+)",
    ),
    (IDIOM, "kill", r"kill me now"),
    (
        IDIOM,
        "overdose",
        r"(?:an )?overdose of (?:sunshine|sugar|caffeine|cuteness|nostalgia|information|fun|joy|love|positivity|tv|screen time|meetings|emails)",
    ),
    (
        IDIOM,
        "death",
        r"(?:cell|cellular|nerve|neuronal|neuron|tissue|muscle|hair|programmed cell) death|death of (?:cells|nerve cells|neurons|tissue|brain cells)",
    ),
    (
        IDIOM,
        "kill kills killed killing",
        r"kill(?:s|ed|ing)? (?:off )?(?:the |any |all )?(?:bacteria|virus|viruses|germs|cancer cells|cells|infected cells|tumou?r cells|tumou?rs?|fungus|fungi|mould|mold|parasites|pathogens|microbes|weeds|pests|bugs|lice|fleas|ticks|infections?)",
    ),
    (
        IDIOM,
        "kill kills killed killing",
        r"(?:cells?|antibiotics?|drugs?|medications?|treatments?|chemo|chemotherapy|radiation|antibodies|antivirals?) (?:that |which |to |can |will |could )?kill(?:s|ed|ing)?",
    ),
    (
        IDIOM,
        "attacked attacks attacking",
        r"(?:(?:was|were|been|being|got|get|is|are) )?attack(?:ed|s|ing) by (?:my|his|her|their|the|its) (?:own )?(?:immune system|body|antibodies|white blood cells)",
    ),
    # -- suicide -----------------------------------------------------------------------
    (V, "suicide", r"suicide (?:bomb\w*|attacks?|vests?|missions?)"),
    (S, "suicide suicides suicidal suicidality suicidally", r"suicid(?:e|es|al|ality|ally)"),
    (
        S,
        "suicide",
        r"(?:attempted|attempt(?:ed|ing)? to commit|committed|commit|commits|committing) suicide",
    ),
    (S, "ideation", r"(?:suicidal |passive |active )?ideation"),
    (
        S + " " + D,
        "killed hanged hung shot drowned",
        r"(?:killed|hanged|hung|shot|drowned) (?:him|her|them)sel(?:f|ves)|(?:died|dead) (?:by|of|from|after) (?:suicide|(?:an? )?(?:suicide|overdose))",
    ),
    (
        S + " " + D,
        "life lives",
        r"(?:took|taken|ended) (?:his|her|their) (?:own )?li(?:fe|ves)(?! (?:back|into|in (?:his|her|their) (?:own )?hands|over|apart|around|with|as|together))",
    ),
    (
        S + " " + U,
        "overdose overdosed overdosing od",
        r"(?:overdos(?:e|ed|ing)|od'?d|took an overdose) (?:on|of) (?:my|his|her|their|all (?:my|his|her|their)|a bottle of|a handful of)? ?(?:meds|medications?|antidepressants|pills|sleeping pills|tablets|prescriptions?|insulin|paracetamol|tylenol|acetaminophen|aspirin)",
    ),
    (
        S,
        "kill kills killed killing hang hangs hanged hung hanging shot shoot shooting drown drowned drowning",
        r"(?:kill|kills|killed|killing|hang|hangs|hanged|hung|hanging|shot|shoot|shooting|drown|drowned|drowning) "
        + SELF,
    ),
    (
        S,
        "life lives",
        r"(?:took|take|takes|taking|taken|end|ends|ended|ending) " + POSS + r" own li(?:fe|ves)",
    ),
    (
        S,
        "life lives",
        r"(?:took|taken) (?:his|her|their) li(?:fe|ves)(?= *(?:[.,;!?)]|$| in \d| at (?:age|\d)| when| after| on | that| last| this))",
    ),
    (
        S,
        "life lives",
        r"(?:end|ends|ended|ending) "
        + POSS
        + r" li(?:fe|ves)\b(?! (?:together|as|with|in (?:a|the)|on a))",
    ),
    (S, "end ending ended", r"(?:end|ending|ended) it all"),
    (
        S,
        "die dead exist alive live wake",
        r"(?:wanted|want|wanting|wants|wish|wished|longed|longing|hoped|hoping) to (?:die|be dead|not exist|stop existing|not be alive|not wake up|never wake up|disappear forever)",
    ),
    (
        S,
        "dead born woken",
        r"wish(?:ed)? (?:i|he|she|they) (?:was|were|had) (?:dead|never been born|not woken up)",
    ),
    (
        S,
        "better",
        r"better off (?:dead|without me|if i (?:was|were) dead|if i (?:wasn't|weren't) here)",
    ),
    (
        S,
        "reason point",
        r"no (?:reason|point) (?:to live|in living|to go on|to keep going|to keep living|in going on)",
    ),
    (
        S,
        "live alive wake exist anymore longer",
        r"(?:didn'?t|did not|don'?t|do not|no longer|never|not) want(?:ed|ing)? to (?:live|be alive|wake up|go on|exist|be here (?:anymore|any more|any longer))(?! (?:with|in|near|like|there|that|on))",
    ),
    (
        S,
        "overdose overdosed",
        r"(?:overdos(?:e|ed) on purpose|intentional(?:ly)? overdos\w*|deliberate(?:ly)? overdos\w*)",
    ),
    (S, "wrist wrists", r"(?:slit|slash|slashed|cut|cutting) " + POSS + r" wrists?"),
    (S, "goodbye", r"(?:suicide|goodbye) note"),
    # -- self-harm ---------------------------------------------------------------------
    (H, "self selfharm", r"self[- ]?(?:harm\w*|injur\w*|mutilat\w*|inflicted)"),
    (H, "nssi", r"nssi"),
    (H, "cut cuts cutting", r"cut(?:s|ting)? " + SELF),
    (
        H,
        "cutting",
        r"(?:started|stopped|began|quit|resumed|relapsed into|relapsed on|urge to|urges to|addicted to|history of|years of|scars from|marks from|stop|start) cutting",
    ),
    (H, "cutting", r"cutting (?:again|for years|on my|my (?:arms|wrists|legs|thighs|skin))"),
    (
        H,
        "cut cuts cutting slashed slashing",
        r"(?:cut|cuts|cutting|slashed|slashing) (?:into |up )?"
        + POSS
        + r" (?:arms?|wrists?|thighs?|legs?|skin|stomach|body)",
    ),
    (
        H,
        "burn burned burnt burning hurt hurting harm harmed harming hit hitting punch punched punching scratch scratched scratches scratching bit bite biting starve punish punished punishing injure injured injuring",
        r"(?:burn|burned|burnt|burning|hurt|hurting|harm|harmed|harming|hit|hitting|punch|punched|punching|scratch\w*|bit|bite|biting|starve|punish\w*|injure\w*) "
        + SELF
        + r" (?:on purpose|deliberately|intentionally|again|to (?:cope|feel|punish|numb))",
    ),
    (
        H,
        "hurt hurting harm harming cut cutting burn burning punish punishing injure injuring",
        r"(?:urge|urges|want|wanted|wanting|need|needed|tempted|impulse|impulses|thoughts of|thought about|think about) (?:to )?(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|punish|punishing|injure|injuring) "
        + SELF,
    ),
    (
        H,
        "burn burned burnt burning burns hit hitting punched punching scratched scratching bit biting",
        r"(?:burn|burned|burnt|burning|burns) "
        + SELF
        + r" with|(?:hit|hitting|punched|punching|scratched|scratching|bit|biting) "
        + SELF
        + r" until",
    ),
    (
        H,
        "razor blade blades",
        r"razor blades?|blades? (?:on|to|across) "
        + POSS
        + r" (?:arms?|wrists?|skin|legs?|thighs?)",
    ),
    (
        H,
        "nails",
        r"(?:dig|digs|digging|dug) (?:my|his|her|their) (?:finger)?nails into (?:my|his|her|their) (?:skin|arms?|palms?|legs?|hands?|wrists?)",
    ),
    (
        H,
        "bled bleed",
        r"(?:scratch\w*|pick\w*|bit|bite|biting|hit\w*|punch\w*|bang\w*|cut\w*) (?:\w+ ){0,3}until (?:i|it|they|my \w+) (?:bled|would bleed|started to bleed)",
    ),
    (
        H,
        "head",
        r"(?:hit|hitting|banged|banging|bang|bashed|bashing) (?:my|his|her|their) head (?:against|on|into) (?:the |a )?(?:wall|walls|floor|door|desk)",
    ),
    # -- death, dying, grief -----------------------------------------------------------
    (
        D,
        "killed",
        r"(?:(?:was|were|got|been|being|is|are) )?killed in (?:a|an|the) (?:\w+ )?(?:accident|crash|collision|fire|explosion|flood|earthquake|avalanche|storm|wreck)",
    ),
    (
        D,
        "killed kills killing kill",
        r"(?:cancer|disease|illness|virus|covid|infection|stroke|tumou?r|overdose|heart attack|sepsis|pneumonia|flu|drugs|alcohol|drinking|it) (?:that |which |had |has |eventually |finally |nearly |almost |slowly )?(?:killed|kills|killing|will kill|would kill)",
    ),
    (
        D + " " + V,
        "murder murders murdered murderer murderers murdering murderous",
        r"murder(?:s|ed|er|ers|ing|ous)?",
    ),
    (
        D + " " + V,
        "killed",
        r"(?:was|were|got|been|being|is|are) killed|killed (?:"
        + OBJ
        + r"|"
        + POSS
        + r" \w+|by|in|during|at|and|outright|instantly|him|her)",
    ),
    (
        D + " " + V,
        "homicide homicides manslaughter massacre massacred genocide",
        r"homicid(?:e|es|al)|manslaughter|massacre[ds]?|genocid(?:e|al)",
    ),
    (D, "die died dies dying", r"die|died|dies|dying"),
    (D, "dead deceased", r"dead|deceased"),
    (D, "death deaths", r"deaths?"),
    (
        D,
        "passed passing",
        r"pass(?:ed|es|ing)? away|passing of (?:my|his|her|their|our|a|the)|"
        + POSS
        + r" (?:\w+'s )?passing|passed (?:on|in (?:her|his|their) sleep)",
    ),
    (
        D,
        "funeral funerals burial buried cremation cremated eulogy obituary obituaries cemetery graveyard graveside headstone gravestone coffin casket urn",
        r"funerals?|burial|buried (?:"
        + OBJ
        + r"|"
        + POSS
        + r" "
        + KIN
        + r"|mum|mom|dad|grandma|grandpa|granny|nan|nana|papa|mama)|cremat(?:ion|ed)|eulog(?:y|ies)|obituar(?:y|ies)|cemetery|graveyard(?! shift)|graveside|headstone|gravestone|coffin|casket|(?:his|her|their) (?:ashes|urn)|memorial service",
    ),
    (
        D,
        "grave graves",
        r"(?:visit(?:ed|ing)?|at|by|to|beside|on) (?:his|her|their|my \w+'s|the) grave",
    ),
    (D, "grief grieve grieved grieves grieving griefs", r"grie(?:f|fs|ve|ved|ves|ving)"),
    (D, "bereaved bereavement bereavements", r"bereave\w*"),
    (D, "mourn mourned mourning mourns mourners", r"mourn(?:s|ed|ing|ers)?"),
    (D, "widow widowed widower widowers widows widowhood", r"widow(?:s|ed|er|ers|hood)?"),
    (D, "orphan orphaned orphans", r"orphan(?:s|ed)?"),
    (
        D,
        "lost losing lose loss death grieving mourning",
        r"(?:lost|losing|lose|loss of|death of|grieving|mourning) (?:(?:my|his|her|their|our|your|a) )?(?:(?:beloved|dear|dearest|only|late|precious) )?"
        + KIN
        + r"(?! (?:in (?:the|a) (?:crowd|store|shop|mall|supermarket)|for (?:a|an) (?:moment|minute|hour|while)))",
    ),
    (D, "late", POSS + r" late " + KIN),
    (
        D,
        "lost",
        r"lost (?:him|her|them) (?:last (?:year|month|week|spring|summer|autumn|fall|winter)|this (?:year|spring|summer|autumn|fall|winter)|in (?:19|20)\d\d|\w+ years ago)",
    ),
    (
        D,
        "lost losing",
        r"(?:lost|losing) (?:him|her|them) to (?:cancer|suicide|covid|an overdose|addiction|a heart attack|a stroke|als|dementia|illness|the virus|the disease|[\w-]+ (?:disease|cancer))",
    ),
    (
        D,
        "stillbirth stillborn miscarriage miscarriages miscarried miscarry sids",
        r"stillb(?:irth|orn)|miscarr(?:iage|iages|ied|y)|sids",
    ),
    (D, "loss", r"(?:pregnancy|infant|baby|child|perinatal) loss"),
    (
        D,
        "terminal terminally",
        r"terminal(?:ly)? (?:ill|illness|cancer|diagnosis|prognosis|disease|stage|condition)",
    ),
    (D, "end life", r"end[- ]of[- ]life"),
    (
        D,
        "palliative hospice euthanasia euthanised euthanized maid",
        r"palliative|hospice|euthanas\w*|euthani[sz]ed|(?:medical assistance in|assisted) (?:dying|death|suicide)|maid",
    ),
    (D, "deathbed", r"deathbed"),
    (D, "life", r"(?:on|off) life support"),
    (D, "breath", r"(?:his|her|their|my \w+'s) (?:last|final) breath"),
    (
        D,
        "fatal fatally fatality fatalities",
        r"fatal(?:ly)? (?:injured|wounded|shot|stabbed|accident|crash|overdose|heart attack|stroke|illness|disease|diagnosis|injur(?:y|ies)|shooting|stabbing|car)|fatalit(?:y|ies)",
    ),
    (D, "corpse corpses lifeless", r"corpses?|lifeless body"),
    (D, "peace", r"rest in peace"),
    # -- violence ----------------------------------------------------------------------
    (
        D + " " + V,
        "death",
        r"(?:beaten|beat|stabbed|shot|strangled|choked|kicked|burned|burnt|tortured) to death",
    ),
    (V, "threats threat death", r"death threats?"),
    (
        IDIOM,
        "killer",
        r"(?:is|was|are|were|looks?|looked|sounds?|sounded|'s) (?:absolutely |totally |pretty |so |just )?killer",
    ),
    (
        V,
        "killer killers",
        r"(?:serial|mass|contract|convicted|alleged|cold-blooded|hired) killers?",
    ),
    (
        V,
        "killer killers",
        r"killers?(?= *(?:[.,;:!?)'\"]|$)| (?:was|is|were|are|had|has|have|who|that|would|will|got|never|still|walked|went|came|took|left|in|of|and|or|but|to|from|at|on|with|remains|fled|escaped|said|told|knew)\b)",
    ),
    (V, "kill kills killing", r"kill(?:s|ing)?"),
    (
        V,
        "threaten threatened threatening threatens",
        r"threaten(?:s|ed|ing)? (?:to )?(?:kill|hurt|harm|stab|shoot|beat|strangle|burn)",
    ),
    (V, "violence violent violently", r"violen(?:ce|t|tly)"),
    (V, "assault assaults assaulted assaulting", r"assault(?:s|ed|ing)?"),
    (
        V,
        "attacked attack attacks attacking",
        r"attacked (?:"
        + OBJ
        + r"|by)|(?:was|were|got|been|being|get) attacked|(?:violent|knife|physical|brutal|vicious|dog|bear|shark|acid|terror|terrorist|machete|gun) attacks?",
    ),
    (
        V,
        "shot",
        r"shot (?:"
        + OBJ
        + r"|dead|at (?:"
        + OBJ
        + r"|the crowd|people)|(?:in|through) the (?:head|chest|back|face|leg|arm|stomach|neck|heart))|(?:was|were|got|been|being|get|getting) shot(?! (?:down|up|at dawn))",
    ),
    (V, "shooting shootings", r"(?:mass |school |police |drive-by |fatal |the )?shootings?"),
    (V, "shoot shoots", r"shoots? (?:" + OBJ + r"|people|someone|up the)"),
    (V, "gunshot gunshots gunfire gunpoint gunman gunmen", r"gunshots?|gunfire|gunpoint|gunm[ae]n"),
    (V, "gun guns", r"guns?"),
    (V, "stab stabbed stabbing stabbings stabs", r"stab(?:s|bed|bing|bings)?"),
    (
        V,
        "knifepoint knife",
        r"knifepoint|knife (?:attack|crime|wound)|(?:pulled|held|holding) a knife",
    ),
    (
        V,
        "beat beaten beating beatings beats",
        r"beat(?:s|en)? up|beaten(?: (?:up|unconscious|badly|senseless|black and blue))?|beatings|(?:a|the|another|daily|regular) beating|beat (?:"
        + OBJ
        + r") (?:up|unconscious|senseless|black and blue|badly|with|until|again|every|regularly)",
    ),
    (
        V,
        "punched punch punches slapped slap kicked kick",
        r"(?:punch(?:ed|es)?|slap(?:ped|s)?|kick(?:ed|s)?) (?:"
        + OBJ
        + r")(?! (?:out|off|up|in on|a text|a message|an email|the idea))|punched (?:in|on) the (?:face|head|stomach|jaw|nose|mouth)",
    ),
    (
        V + " " + A,
        HITS_WORDS,
        ABUSER
        + r" (?:would |had |has |used to |often |repeatedly |then |also |once |always |sometimes |regularly |constantly )?"
        + HITS
        + r" (?:"
        + OBJ
        + r"|"
        + POSS
        + r" \w+)(?! (?:at|in|to it|to the|by|on points|fair and square))",
    ),
    (
        V,
        "strangled strangle strangling strangulation choked smothered",
        r"strangl(?:ed|e|ing|ation)|(?:choked|smothered) (?:" + OBJ + r")",
    ),
    (V, "torture tortured torturing tortures", r"tortur(?:e|ed|es|ing)"),
    (V, "bombing bombings bomb", r"bombings?|bomb (?:blast|attack|threat|went off|exploded)"),
    (V, "terrorist terrorists terrorism", r"terroris(?:t|ts|m)"),
    (V, "lynched lynching lynch mugged mugging", r"lynch(?:ed|ing)?|mugg(?:ed|ing)"),
    (
        V,
        "blood bloodied bloodshed",
        r"(?:covered|soaked|drenched|pool|pools|puddle) (?:in|of|with) (?:"
        + POSS
        + r" )?blood|blood everywhere|bloodied|bloodshed",
    ),
    (
        V,
        "gore gory graphic",
        r"gore|gory|graphic (?:violence|description|descriptions|details|injur\w*|images)",
    ),
    (V, "fight fights fistfight fistfights", r"(?:fist|bar|street|knife|gang)[- ]?fights?"),
    (V, "gang", r"gang (?:violence|members?|war|wars)"),
    (
        V,
        "war",
        r"war (?:zone|zones|veteran|veterans|crimes?|refugees?|torn)|(?:the|a) war(?= (?:in|on) \w+ (?:killed|destroyed))",
    ),
    (
        V,
        "brutality brutally brutal",
        r"(?:police )?brutality|brutal(?:ly)? (?:beat\w*|attack\w*|murder\w*|assault\w*|killed|stabbed)",
    ),
    (
        V,
        "knife gun weapon machete bat",
        r"threaten\w* (?:"
        + OBJ
        + r"|us) with (?:a|his|her|their) (?:knife|gun|weapon|machete|bat)",
    ),
    # -- abuse -------------------------------------------------------------------------
    (
        U,
        "abuse abused abusing misuse misused misusing",
        r"(?:substance|drug|drugs|alcohol|opioid|opiate|solvent|prescription(?: drug| pill)?|steroid|cocaine|heroin|pill|painkiller)s? (?:ab|mis)us(?:e|ed|ing)|(?:ab|mis)us(?:e|ed|ing) (?:of )?"
        + DRUGS,
    ),
    (
        E,
        "laxative laxatives",
        r"laxatives? (?:ab|mis)use|(?:ab|mis)us(?:e|ed|ing) (?:of )?laxatives|(?:taking|took|take) laxatives",
    ),
    (
        A + " " + V,
        "violence",
        r"(?:domestic|intimate partner|family|sexual|gender-based|partner) violence",
    ),
    (A, "assault assaulted assaults", r"sexual(?:ly)? assault(?:s|ed)?|indecent(?:ly)? assault\w*"),
    (
        A,
        "sexual sexually",
        r"sexual(?:ly)? (?:abus\w*|harass\w*|violated|exploit\w*|attack\w*|coerc\w*|misconduct|assault\w*)",
    ),
    (
        A,
        "abuse abused abuser abusers abuses abusing abusive abusively",
        r"abus(?:e|ed|er|ers|es|ing|ive|ively)",
    ),
    (A, "rape raped rapes raping rapist rapists", r"rap(?:e|ed|es|ing|ist|ists)"),
    (A, "molest molested molesting molester molestation", r"molest\w*"),
    (A, "incest incestuous", r"incest\w*"),
    (A, "pedophile pedophiles paedophile paedophiles pedophilia paedophilia", r"p(?:a)?edophil\w*"),
    (
        A,
        "groomed grooming",
        r"groom(?:ed|ing) (?:"
        + OBJ
        + r"|children|kids|a child|minors|victims|young)|(?:was|were|being|been) groomed",
    ),
    (A, "stalked stalker stalkers stalking", r"stalk(?:ed|er|ers|ing)"),
    (
        A,
        "following followed",
        r"(?:kept|keeps|was|were|started|would|had been|been) follow(?:ing|ed) (?:me|her|him|us) (?:home|everywhere|around|to (?:work|school))",
    ),
    (A, "harassed harassment harassing harasser", r"harass(?:ed|ment|ing|er)"),
    (A, "coercive", r"coercive(?:ly)? control\w*"),
    (A, "battered", r"battered (?:women|woman|wife|wives|child|children)"),
    (A, "gaslighting gaslighted gaslit gaslight", r"gaslight(?:ing|ed)?|gaslit"),
    (A, "neglect neglected", r"child(?:hood)? neglect|neglected (?:as a child|me|us)"),
    (
        A,
        "trafficked trafficking traffickers trafficker",
        r"(?:human |sex |child )?traffick(?:ed|ing|er|ers)(?<!drug trafficking)",
    ),
    (
        A,
        "touched touching touch",
        r"touched (?:" + OBJ + r") inappropriately|inappropriate(?:ly)? touch\w*|exposed himself",
    ),
    # -- eating disorders --------------------------------------------------------------
    (
        E,
        "anorexia anorexic anorexics bulimia bulimic bulimics orthorexia orthorexic",
        r"anorexi(?:a|c|cs)|bulimi(?:a|c|cs)|orthorexi(?:a|c)",
    ),
    (
        E,
        "binge binged binges binging bingeing",
        r"binge[- ]?eat\w*|binge(?:d|s|ing)? (?:on|and)|(?:binging|bingeing)(?: \w+){0,3} (?:and|then) purg\w*",
    ),
    (E, "disorder disorders eating", r"eating disorders?|disordered eating"),
    (E, "arfid ednos osfed", r"arfid|ednos|osfed"),
    (E, "ana mia thinspo thinspiration", r"pro[- ](?:ana|mia)|thinspo\w*"),
    (E, "purge purged purging purges", r"purg(?:e|ed|es|ing)"),
    (
        E,
        "throw vomit puke sick",
        r"(?:made|make|making|makes) " + SELF + r" (?:throw up|vomit|puke|sick after)",
    ),
    (E, "starve starved starves starving", r"starv(?:e|ed|es|ing) " + SELF),
    (
        E,
        "restrict restricted restricting restriction",
        r"restrict(?:ed|ing)? (?:"
        + POSS
        + r" )?(?:food|eating|calories|intake|meals)|(?:calorie|food) restriction",
    ),
    (
        E,
        "calories calorie",
        r"(?:obsess\w*|count(?:ed|ing)?) (?:over |about |with )?(?:every )?calories",
    ),
    (
        E,
        "food calories weight eating thin fat",
        r"(?:obsess\w* (?:over|about|with)|fear of|terrified of|afraid of|scared of) (?:food|eating|calories|gaining weight|weight gain|getting fat|being fat|becoming fat|being thin)",
    ),
    (E, "emaciated", r"emaciated"),
    (
        E,
        "threw throw throwing thrown throws",
        r"(?:threw|throw|throwing|thrown|throws) up after (?:every |each |most )?(?:meal|meals|eating|dinner|lunch|breakfast|i ate)",
    ),
    (E, "thin thinner", r"to (?:stay|keep|be|get|look) thin(?:ner)?"),
    (
        E,
        "restricting",
        r"(?:started|stopped|began|was|were|been|kept|keep|back to|relapsed into) restricting",
    ),
    (E, "counting", r"calorie[- ]counting"),
    # -- alcohol and drug use ----------------------------------------------------------
    (
        IDIOM,
        "alcohol",
        r"rubbing alcohol|alcohol(?:[- ]based)? (?:wipes?|swabs?|gel|rub|hand sanitizer|sanitiser|sanitizer|pads?)|alcohol[- ]free",
    ),
    (
        U,
        "alcohol alcoholic alcoholics alcoholism",
        r"alcohol(?:ic|ics|ism)?",
    ),
    (U, "drunk drunken drunkenly drunks drunkard drunkards", r"drunk(?:en|enly|s|ard|ards)?"),
    (
        U,
        "drinking drinker drinkers drink",
        r"(?:heavy|binge|problem|excessive|compulsive|underage|secret|secretly|daily|hard|chronic) drink(?:ing|er|ers)|drink(?:ing)? problem|drinking (?:again|heavily|alone|every (?:day|night)|too much|to cope|"
        + SELF
        + r"|a bottle|"
        + DRINKS
        + r")",
    ),
    (
        U,
        "drinking",
        r"(?:started|stopped|quit|quitting|stop|start|began|gave up|give up|cut down on|control (?:my|his|her)) drinking|(?:my|his|her|their|dad's|father's|mother's|mom's|mum's|husband's|wife's|partner's) drinking",
    ),
    (
        U,
        "drank drink drinks " + DRINK_WORDS,
        r"(?:drank|drinking) (?:\w+ ){0,3}(?:bottles? of " + DRINKS + r"|" + DRINKS + r")",
    ),
    (U, "booze boozing boozy", r"booz(?:e|ing|y)"),
    (
        U,
        "drink drop",
        r"(?:haven'?t|hasn'?t|hadn'?t|have not|has not|had not|not|never) (?:had|touched|taken) (?:a )?(?:drink|drop)|(?:my|his|her|their) (?:last|first) drink",
    ),
    (U, "hangover hangovers hungover", r"hangovers?|hung ?over"),
    (U, "sober sobriety", r"sober|sobriety"),
    (
        U,
        "aa na anonymous alanon anon alateen step steps",
        r"(?:aa|na) meetings?|alcoholics anonymous|narcotics anonymous|al-?anon|alateen|(?:12|twelve)[- ]steps?(?: program\w*)?",
    ),
    (U, "clean", r"clean and sober|(?:been|stayed|staying|got|getting|am|was) clean (?:for|since)"),
    (
        U,
        "rehab",
        r"(?:drug|alcohol|addiction|substance|residential) rehab|rehab for (?:drugs|alcohol|addiction|drinking|heroin|opioids)",
    ),
    (
        U,
        "detox",
        r"(?:alcohol|drug|opioid|heroin|medical|medically supervised) detox|detox (?:from|off) (?:alcohol|drugs|heroin|opioids|benzos)|(?:went|go|going|checked) (?:in)?to detox",
    ),
    (
        U,
        "addiction addictions addict addicts addicted addictive",
        r"addictions?|addicts?|addicted|addictive",
    ),
    (
        U,
        "heroin cocaine crack meth methamphetamine fentanyl methadone suboxone naloxone narcan ecstasy mdma lsd ketamine ghb",
        r"heroin|cocaine|crack (?:cocaine|pipe|house|addict)|(?:crystal )?meth(?:amphetamine)?|fentanyl|methadone|suboxone|naloxone|narcan|ecstasy|mdma|lsd|ketamine|ghb",
    ),
    (
        U,
        "cannabis marijuana weed pot",
        r"cannabis|marijuana|smok(?:e|ed|ing) (?:\w+ ){0,3}(?:weed|pot|a joint|joints|crack|meth|heroin|opium)|weed (?:smoker|habit)",
    ),
    (
        U,
        "opioid opioids opiate opiates benzo benzos benzodiazepine benzodiazepines",
        r"(?:opioid|opiate|benzo|benzodiazepine)s? (?:addiction|crisis|epidemic|overdose|use|dependence|dependency|withdrawal|habit)|opiates",
    ),
    (U, "overdose overdosed overdoses overdosing od", r"overdos(?:e|ed|es|ing)|od(?:'d|'ed|ed)"),
    (U, "inject injected injecting", r"inject(?:ed|ing)? (?:heroin|drugs|meth|cocaine)"),
    (U, "shooting shot", r"(?:shooting|shot) up (?:heroin|drugs|in)"),
    (U, "junkie junkies", r"junkies?"),
    (
        U,
        "coke snort snorted snorting",
        r"(?:did|doing|do|does|snort\w*|sniff\w*|lines? of|bump of|on) coke|snort(?:ed|ing|s)? (?:coke|cocaine|lines|a line|heroin|speed|ketamine|pills|it)",
    ),
    (U, "bender benders", r"(?:on|went on|go on|going on) (?:a|another) (?:[\w-]+ )?benders?"),
    (
        U,
        "drug drugs",
        r"drug (?:use|user|users|using|addiction|addict|addicts|habit|habits|dealer|dealers|dealing|problem|problems|den|binge|binges|taking|culture|scene|money|paraphernalia|trafficking|runs?)|(?:doing|did|do|using|used|hard|street|illegal|illicit|recreational|party|club|sold|selling|dealing|dealt|hooked on|addicted to|experimented with|experimenting with) drugs",
    ),
    (U, "hooked", r"hooked on " + DRUGS),
    (U, "pills pill popping", r"popping pills|pill[- ]popping"),
    (
        U,
        "withdrawal withdrawals",
        r"(?:alcohol|opioid|heroin|opiate|benzo|drug) withdrawals?|withdrawal from (?:alcohol|heroin|opioids|opiates|benzos|drugs|methadone)",
    ),
    (U, "tremens dts", r"delirium tremens|the dts"),
    (U, "bottle", r"(?:hit|hitting|turned to|turn to|crawled into|reached for) the bottle"),
    (
        U,
        "high stoned wasted hammered plastered blitzed",
        r"(?:(?:getting|got|get|gets)|(?:i|he|she|they|we|you) (?:was|were|am|is|are|'m|'re|got)(?: so| really| completely)?) (?:high|stoned|wasted|hammered|plastered|blitzed)\b(?! (?:on (?:life|love|happiness|joy|success|sugar|caffeine|adrenaline|hope|excitement)|risk|school|marks|scores|grades|praise|ratings|up|above|enough|functioning|maintenance|alert|spirits|hopes|strung))|stoned",
    ),
    (U, "intoxicated intoxication inebriated", r"intoxicat(?:ed|ion)|inebriated"),
    (U, "dui", r"dui|drink[- ]driv\w*"),
]

# The writer's own note line says in few words what comes: short forms and bare topic words
# that would be too loose in the text itself ("ED", "SH", "food", "blood").
NOTE_LEXICON: list[tuple[str, str, str]] = [
    (S, "sui", r"sui"),
    (H, "sh", r"sh"),
    (H, "self", r"self[- ]?(?:harm|injury)"),
    (D, "loss dying grief", r"loss|dying|child loss|pet loss"),
    (D, "illness", r"terminal illness"),
    (
        V,
        "weapons weapon war fighting gore",
        r"weapons?|war|fighting|gore",
    ),
    (A, "sa csa", r"c?sa"),
    (A + " " + V, "dv ipv", r"dv|ipv"),
    (A, "assault", r"assault"),
    (
        E,
        "ed food weight calories diet dieting body image",
        r"ed|food|weight(?: loss)?|calories|diet(?:ing)?|body image",
    ),
    (
        U,
        "drugs drug substance substances alcohol",
        r"drugs?|substances?(?: use| abuse)?|alcohol",
    ),
]
