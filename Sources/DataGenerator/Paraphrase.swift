import JobMatchCore

/// How a CV says what a posting asks for: a duty ("administer medications and treatments") told
/// in the past tense, often with another verb ("Gave medications and treatments"), the way people
/// write about their own work. Postings keep the taxonomy's wording, so the two sides share the
/// domain's nouns but seldom a whole phrase — what makes the generated evaluation discriminate
/// (a lexical matcher no longer finds the occupation's duty sentences verbatim in the CV).
enum Paraphrase {
    /// Verbs people use instead of the taxonomy's, already in the past tense.
    static let synonyms: [String: [String]] = [
        "administer": ["gave", "delivered"], "advise": ["counselled", "guided"], "analyse": ["studied", "examined"],
        "answer": ["handled", "fielded"], "assemble": ["built", "put together"], "assess": ["evaluated", "examined"],
        "assign": ["allocated", "applied"], "audit": ["reviewed", "checked"], "automate": ["scripted", "streamlined"],
        "build": ["created", "developed"], "check": ["verified", "inspected"], "clean": ["cleared", "sanitised"],
        "communicate": ["shared", "explained"], "configure": ["set up", "tuned"], "coordinate": ["organised", "arranged"],
        "counsel": ["advised", "guided"], "deliver": ["provided", "ran"], "design": ["planned", "drew up"],
        "develop": ["built", "created"], "diagnose": ["identified", "assessed"], "document": ["recorded", "wrote up"],
        "draft": ["wrote", "prepared"], "educate": ["taught", "coached"], "ensure": ["made sure of", "safeguarded"],
        "evaluate": ["assessed", "appraised"], "facilitate": ["led", "ran"], "forecast": ["projected", "estimated"],
        "gather": ["collected", "compiled"], "greet": ["welcomed", "received"], "handle": ["managed", "dealt with"],
        "help": ["assisted", "aided"], "hire": ["recruited", "brought on"], "improve": ["raised", "strengthened"],
        "inspect": ["examined", "checked"], "install": ["fitted", "set up"], "investigate": ["looked into", "examined"],
        "keep": ["maintained", "kept"], "lead": ["headed", "directed"], "maintain": ["kept up", "serviced"],
        "manage": ["oversaw", "ran"], "measure": ["quantified", "gauged"], "monitor": ["tracked", "watched"],
        "negotiate": ["agreed", "settled"], "operate": ["ran", "worked"], "optimise": ["tuned", "improved"],
        "organise": ["arranged", "coordinated"], "perform": ["carried out", "did"], "plan": ["mapped out", "scheduled"],
        "prepare": ["readied", "put together"], "present": ["showed", "delivered"], "process": ["handled", "worked through"],
        "provide": ["offered", "gave"], "recommend": ["proposed", "suggested"], "record": ["logged", "noted"],
        "report": ["summarised", "communicated"], "research": ["explored", "studied"], "resolve": ["fixed", "settled"],
        "respond": ["replied", "reacted"], "review": ["checked", "went over"], "run": ["operated", "managed"],
        "schedule": ["booked", "planned"], "supervise": ["oversaw", "managed"], "support": ["assisted", "backed"],
        "teach": ["instructed", "trained"], "test": ["validated", "checked"], "track": ["followed", "monitored"],
        "train": ["coached", "taught"], "verify": ["confirmed", "checked"], "write": ["authored", "drafted"],
    ]

    /// Past tenses that do not follow the rule.
    static let irregular: [String: String] = [
        "build": "built", "draw": "drew", "grow": "grew", "hit": "hit", "keep": "kept", "lead": "led", "meet": "met",
        "pay": "paid", "read": "read", "run": "ran", "show": "showed", "take": "took", "teach": "taught", "write": "wrote",
        "sell": "sold", "make": "made", "fix": "fixed", "own": "owned", "plan": "planned", "ship": "shipped",
        "log": "logged", "map": "mapped", "chase": "chased", "mix": "mixed", "hold": "held", "give": "gave",
    ]

    /// "administer medications" → "Administered medications" or, with probability `rate`,
    /// "Gave medications".
    static func pastTense(_ duty: String, rate: Double, _ rng: inout SeededGenerator) -> String {
        guard let space = duty.firstIndex(of: " ") else { return capitalised(past(duty)) }
        let verb = String(duty[..<space]), rest = duty[space...]
        let said = if let s = synonyms[verb], rng.chance(rate) { rng.pick(s) } else { past(verb) }
        // "greet visitors and answer phones": the second verb goes into the past tense too.
        var words = rest.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for i in words.indices.dropFirst() where words[i - 1] == "and" && verbs.contains(words[i]) { words[i] = past(words[i]) }
        return capitalised(said) + words.joined(separator: " ")
    }

    /// Verbs that start a duty in the taxonomy and may follow its "and".
    static let verbs: Set<String> = Set(synonyms.keys).union(irregular.keys).union([
        "answer", "apply", "close", "collect", "deploy", "document", "fill", "fix", "follow", "load", "mentor", "pass",
        "pick", "quote", "reconcile", "restock", "ship", "treat", "triage",
    ])

    /// The past tense of a regular or listed irregular verb.
    static func past(_ verb: String) -> String {
        if let p = irregular[verb] { return p }
        if verb.hasSuffix("e") { return verb + "d" }
        if verb.hasSuffix("y"), let before = verb.dropLast().last, !"aeiou".contains(before) { return verb.dropLast() + "ied" }
        return verb + "ed"
    }

    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}
