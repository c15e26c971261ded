#!/usr/bin/env python3
"""Builds the generator's taxonomy: occupations, a skills vocabulary with aliases, places, names.

Inputs: occupations.py (hand-written) and data/real/job_skills.csv (real LinkedIn skill
rows: each row's job_link slug is matched to an occupation's keywords, and the skills that occur
there at least twice join that occupation's distribution with their real frequency).
Output: Sources/DataGenerator/TaxonomyData.swift, one JSON string literal (fast to compile).

Run from the repository root:  python3 scripts/taxonomy/build_taxonomy.py
"""
import collections, csv, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from occupations import O  # noqa: E402

REAL = os.path.join(ROOT, "data", "real", "job_skills.csv")
OUT = os.path.join(ROOT, "Sources", "DataGenerator", "TaxonomyData.swift")

# Canonical name -> aliases and casing variants that texts and skill rows use.
ALIASES = {
    "JavaScript": ["JS", "Javascript", "javascript"], "TypeScript": ["TS", "Typescript"],
    "Microsoft Excel": ["MS Excel", "Excel", "excel"], "Microsoft Office": ["MS Office", "Microsoft Office Suite", "Office"],
    "Microsoft Word": ["MS Word", "Word"], "PowerPoint": ["MS PowerPoint", "Powerpoint"],
    "Python": ["python", "Python 3"], "SQL": ["sql", "Structured Query Language"], "PostgreSQL": ["Postgres", "postgres"],
    "Kubernetes": ["K8s", "k8s", "kubernetes"], "Amazon Web Services": ["AWS", "aws"], "Microsoft Azure": ["Azure"],
    "Google Cloud Platform": ["GCP", "Google Cloud"], "React": ["React.js", "ReactJS", "react.js"], "Vue.js": ["Vue", "VueJS"],
    "Node.js": ["Node", "NodeJS", "node.js"], "Machine Learning": ["ML", "machine learning"],
    "Natural Language Processing": ["NLP"], "Deep Learning": ["deep learning", "DL"], "Artificial Intelligence": ["AI"],
    "Continuous Integration": ["CI/CD", "CI"], "Go": ["Golang", "golang"], "C++": ["cpp", "C plus plus"], "C#": ["C Sharp", "csharp"],
    "Basic Life Support": ["BLS", "BLS Certification"], "Advanced Cardiovascular Life Support": ["ACLS", "ACLS Certification"],
    "Cardiopulmonary Resuscitation": ["CPR", "CPR Certification"], "Electronic Health Records": ["EHR", "EMR", "Electronic Medical Records"],
    "Customer Relationship Management": ["CRM", "CRM Software"], "Search Engine Optimization": ["SEO"],
    "Generally Accepted Accounting Principles": ["GAAP", "US GAAP"], "Certified Public Accountant": ["CPA"],
    "Project Management Professional": ["PMP", "PMP Certification"], "Enterprise Resource Planning": ["ERP"],
    "Human Resources Information System": ["HRIS"], "Applicant Tracking Systems": ["ATS", "Applicant Tracking System"],
    "Point of Sale": ["POS", "POS Systems"], "Search Engine Marketing": ["SEM"], "Key Performance Indicators": ["KPIs", "KPI"],
    "Extract, Transform, Load": ["ETL", "ETL Pipelines"], "Apache Spark": ["Spark", "PySpark"], "Apache Kafka": ["Kafka"],
    "Apache Airflow": ["Airflow"], "Tableau": ["tableau", "Tableau Desktop"], "Power BI": ["PowerBI", "Microsoft Power BI"],
    "scikit-learn": ["sklearn", "Scikit-Learn"], "TensorFlow": ["Tensorflow", "TF"], "PyTorch": ["Pytorch", "torch"],
    "Adobe Photoshop": ["Photoshop"], "Adobe Illustrator": ["Illustrator"], "Adobe InDesign": ["InDesign"],
    "Commercial Driver's License Class A": ["CDL Class A", "CDL-A", "Class A CDL"], "Occupational Safety and Health Administration": ["OSHA", "OSHA 10", "OSHA 30"],
    "Six Sigma": ["Lean Six Sigma", "6 Sigma"], "Heating, Ventilation and Air Conditioning": ["HVAC", "hvac"],
    "Programmable Logic Controllers": ["PLC Programming", "PLC", "PLCs"], "Computer-Aided Design": ["CAD"], "AutoCAD": ["Autocad", "AUTOCAD"],
    "Quality Control": ["QC", "quality control"], "Quality Assurance": ["QA"], "Geometric Dimensioning and Tolerancing": ["GD&T"],
    "Finite Element Analysis": ["FEA"], "Representational State Transfer APIs": ["REST APIs", "RESTful APIs", "REST"],
    "Git": ["git", "GitHub"], "Linux": ["linux", "Unix/Linux"], "Docker": ["docker", "containers"], "Terraform": ["terraform"],
    "Salesforce": ["SFDC", "salesforce"], "QuickBooks": ["Quickbooks", "QuickBooks Online"], "SAP": ["SAP ERP", "sap"],
    "Workday": ["workday"], "Jira": ["JIRA", "jira"], "Figma": ["figma"], "Swift": ["Swift 5", "SwiftUI"], "R": ["R programming", "RStudio"],
    "Objective-C": ["ObjC", "Objective C"], "HTML": ["HTML5", "html"], "CSS": ["CSS3", "css"], "Spring Boot": ["Spring", "SpringBoot"],
    "Internal Controls": ["SOX controls"], "Sarbanes-Oxley Compliance": ["SOX Compliance", "SOX"], "Health Insurance Portability and Accountability Act": ["HIPAA"],
    "ServSafe Certification": ["ServSafe", "ServSafe Food Handler"], "Intravenous Therapy": ["IV Therapy", "IV Insertion"],
    "Activities of Daily Living": ["ADLs", "ADL Assistance"], "Medication Administration": ["Med Administration", "Medication Pass"],
    "International Classification of Diseases, 10th Revision": ["ICD-10", "ICD10"], "Current Procedural Terminology": ["CPT Coding", "CPT"],
    "Good Laboratory Practice": ["GLP"], "High-Performance Liquid Chromatography": ["HPLC"], "Polymerase Chain Reaction": ["PCR"],
    "Security Information and Event Management": ["SIEM"], "Certified Information Systems Security Professional": ["CISSP"],
    "Transmission Control Protocol/Internet Protocol": ["TCP/IP"], "Virtual Private Network": ["VPN"], "Opera Property Management System": ["Opera PMS"],
    "Environmental Protection Agency Certification": ["EPA Certification", "EPA 608"], "National Electrical Code": ["NEC Code", "NEC"],
    "Federal Aviation Administration Regulations": ["FAA Regulations"], "Department of Transportation Regulations": ["DOT Regulations"],
    "International Organization for Standardization 9001": ["ISO 9001"], "Profit and Loss Management": ["P&L Management", "P&L"],
    "Financial Planning and Analysis": ["FP&A"], "User Experience Design": ["UX Design", "UX"], "User Interface Design": ["UI Design"],
    "A/B Testing": ["AB Testing", "Split Testing"], "Microsoft Project": ["MS Project"], "Microsoft Visio": ["Visio"],
    "Office 365": ["O365", "Microsoft 365"], "Active Directory": ["AD"], "Microsoft Windows Server": ["Windows Server"],
    "Continuous Delivery": ["CD"], "Electronic Discovery": ["E-Discovery", "eDiscovery"], "Computer-Aided Design in SolidWorks": ["SolidWorks", "Solidworks"],
}
# Core skill names in occupations.py that are aliases above resolve to the canonical name.
ALIAS_TO_CANON = {a.lower(): c for c, al in ALIASES.items() for a in al}
ALIAS_TO_CANON.update({c.lower(): c for c in ALIASES})

# Skill words that are also plain words, with plain uses the generator mixes into texts.
AMBIGUOUS_PLAIN = {
    "React": ["You react quickly to changing priorities.", "We need people who react calmly under pressure."],
    "Go": ["Our staff go the extra mile for every customer.", "You are ready to go above and beyond.", "Meals on the go are provided on long shifts."],
    "Swift": ["We promise a swift response to every application.", "Guests expect a swift and friendly check-in."],
    "R": ["You will support R&D teams with samples."],
    "C": ["The office is in Building C, second floor.", "Applicants need a grade of C or better in math."],
    "Microsoft Excel": ["You excel in a fast-paced environment.", "Candidates who excel at building relationships thrive here."],
    "Spring Boot": ["We are hiring for the spring season.", "Training starts this spring."],
    "Docker": ["Dock workers load trailers at the docker bay."],
}

SOFT = ["Communication", "Teamwork", "Problem Solving", "Time Management", "Attention to Detail", "Leadership",
        "Adaptability", "Critical Thinking", "Organization", "Multitasking", "Interpersonal Skills", "Customer Service",
        "Microsoft Office", "Collaboration", "Flexibility", "Work Ethic", "Reliability", "Bilingual", "Spanish"]

COUNTRIES = {
    "United States": ["New York, NY", "Austin, TX", "Chicago, IL", "Seattle, WA", "Denver, CO", "Atlanta, GA", "Boston, MA",
                      "Phoenix, AZ", "San Diego, CA", "Columbus, OH", "Nashville, TN", "Miami, FL", "Raleigh, NC", "Detroit, MI",
                      "Minneapolis, MN", "Portland, OR", "Houston, TX", "Philadelphia, PA", "Salt Lake City, UT", "Kansas City, MO"],
    "United Kingdom": ["London, England, United Kingdom", "Manchester, England, United Kingdom", "Birmingham, England, United Kingdom",
                       "Leeds, England, United Kingdom", "Glasgow, Scotland, United Kingdom", "Edinburgh, Scotland, United Kingdom",
                       "Bristol, England, United Kingdom", "Cardiff, Wales, United Kingdom"],
    "Canada": ["Toronto, ON", "Vancouver, BC", "Montreal, QC", "Calgary, AB", "Ottawa, ON", "Edmonton, AB", "Halifax, NS"],
    "Australia": ["Sydney, New South Wales, Australia", "Melbourne, Victoria, Australia", "Brisbane, Queensland, Australia",
                  "Perth, Western Australia, Australia", "Adelaide, South Australia, Australia"],
    "Germany": ["Berlin, Germany", "Munich, Bavaria, Germany", "Hamburg, Germany", "Frankfurt, Hesse, Germany"],
    "France": ["Paris, Île-de-France, France", "Lyon, Auvergne-Rhône-Alpes, France", "Toulouse, Occitanie, France"],
    "Mexico": ["Mexico City, Mexico", "Guadalajara, Jalisco, Mexico", "Monterrey, Nuevo León, Mexico"],
    "India": ["Bengaluru, Karnataka, India", "Pune, Maharashtra, India", "Hyderabad, Telangana, India"],
}
COUNTRY_WEIGHTS = {"United States": 80, "United Kingdom": 8, "Canada": 5, "Australia": 4, "Germany": 1, "France": 1, "Mexico": 0.5, "India": 0.5}

# Non-English postings: titles and summary sentences in the country's language.
FOREIGN = {
    "fr": {"countries": ["France", "Canada"],
           "titles": ["Infirmier / Infirmière", "Développeur Logiciel", "Conseiller de Vente", "Comptable", "Chef de Projet", "Technicien de Maintenance", "Serveur / Serveuse", "Préparateur de Commandes"],
           "sentences": ["Nous recherchons un(e) candidat(e) motivé(e) pour rejoindre notre équipe.", "Vous travaillerez en étroite collaboration avec nos clients.",
                         "Une expérience de deux ans minimum est souhaitée.", "Rémunération attractive et avantages sociaux.", "Poste à pourvoir immédiatement, en CDI."]},
    "es": {"countries": ["Mexico", "United States"],
           "titles": ["Enfermero/a", "Desarrollador de Software", "Asesor de Ventas", "Contador", "Gerente de Proyecto", "Técnico de Mantenimiento", "Mesero/a", "Almacenista"],
           "sentences": ["Buscamos una persona proactiva para unirse a nuestro equipo.", "Ofrecemos salario competitivo y prestaciones de ley.",
                         "Experiencia mínima de dos años en puesto similar.", "Horario de lunes a viernes.", "Trabajarás con clientes de todo el país."]},
    "de": {"countries": ["Germany"],
           "titles": ["Pflegefachkraft", "Softwareentwickler (m/w/d)", "Verkäufer (m/w/d)", "Buchhalter (m/w/d)", "Projektleiter (m/w/d)", "Lagermitarbeiter (m/w/d)"],
           "sentences": ["Wir suchen zum nächstmöglichen Zeitpunkt Verstärkung für unser Team.", "Sie arbeiten eng mit unseren Kunden zusammen.",
                         "Eine abgeschlossene Ausbildung ist von Vorteil.", "Wir bieten eine unbefristete Festanstellung.", "Flexible Arbeitszeiten und Homeoffice möglich."]},
}

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard",
         "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Karen", "Priya", "Wei", "Fatima", "Olumide", "Sofia", "Mateo", "Aisha",
         "Hiroshi", "Elena", "Noah", "Emma", "Liam", "Olivia", "Ava", "Lucas", "Chloé", "José", "Zoë", "Björn", "Anaïs", "Siobhan", "Raj"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez",
        "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Patel", "Nguyen", "Kim", "Okafor",
        "Müller", "Dubois", "O'Brien", "Kowalski", "Singh", "Chen", "Rossi", "Haddad", "Nakamura", "Fernández", "Schmidt"]
COMPANY_A = ["Summit", "Blue Ridge", "Northwind", "Evergreen", "Pioneer", "Crescent", "Atlas", "Harbor", "Lakeside", "Redwood", "Keystone",
             "Silver Oak", "Granite", "Horizon", "Beacon", "Riverbend", "Cedar", "Maple Leaf", "Golden Gate", "Prairie", "Coastal", "Trinity"]
COMPANY_B = {"Healthcare": ["Health", "Medical Center", "Care Partners", "Hospital", "Clinic"], "Technology": ["Labs", "Software", "Technologies", "Systems", "Data"],
             "Finance": ["Financial", "Bank", "Capital", "Credit Union", "Insurance"], "Business": ["Consulting", "Partners", "Group", "Advisors"],
             "Human Resources": ["Staffing", "People Solutions", "Talent Group"], "Administration": ["Services", "Solutions", "Group"],
             "Legal": ["LLP", "Law Group", "& Associates"], "Sales": ["Distribution", "Supply", "Brands"], "Marketing": ["Media", "Creative", "Agency"],
             "Retail": ["Market", "Stores", "Outfitters", "Goods"], "Hospitality": ["Hotels", "Restaurants", "Hospitality", "Grill", "Resorts"],
             "Logistics": ["Logistics", "Freight", "Transport", "Express"], "Manufacturing": ["Manufacturing", "Industries", "Components"],
             "Engineering": ["Engineering", "Design Group", "Industries"], "Trades": ["Mechanical", "Electric", "Plumbing & Heating", "Builders"],
             "Construction": ["Construction", "Builders", "Contracting"], "Education": ["School District", "Academy", "University", "Learning"],
             "Social Services": ["Family Services", "Community Services", "Youth Center"], "Public Safety": ["Security", "Protective Services", "County"],
             "Real Estate": ["Realty", "Properties", "Property Management"], "Science": ["Biosciences", "Laboratories", "Therapeutics"],
             "Agriculture": ["Farms", "Landscaping", "Growers"], "Transportation": ["Airlines", "Aviation", "Air"]}
EDUCATION = {"Healthcare": ["BSN, Nursing", "ADN, Nursing", "Certificate, Medical Assisting", "PharmD", "MD"],
             "Technology": ["BSc, Computer Science", "MSc, Computer Science", "BS, Software Engineering", "MS, Data Science", "Bootcamp, Web Development"],
             "default": ["High School Diploma", "Associate Degree", "Bachelor's Degree, Business Administration", "Bachelor's Degree", "Master's Degree", "Vocational Certificate", "GED"]}
LEVELS = ["Associate", "Mid senior"]  # LinkedIn's job_level values in the real data
TYPES = ["Onsite", "Hybrid", "Remote"]
SEARCH_POSITIONS = ["Account Executive", "Nurse", "Software Engineer", "Cashier", "Driver", "Teacher", "Electrician", "Accountant", "Color Maker",
                    "Form Builder", "Sales Representative", "Cook", "Data Analyst", "Warehouse Worker", "Mechanic"]


def canon(name):
    return ALIAS_TO_CANON.get(name.lower(), name)


def slug_id(name):
    s = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return s or "skill"


def build():
    """The taxonomy as a dict (what main() writes); scripts/taxonomy/build_skills.py reads it too."""
    occ_of_keyword = [(kw, o["id"]) for o in O for kw in o["keywords"]]
    mined = collections.defaultdict(collections.Counter)
    casing = collections.defaultdict(collections.Counter)
    total = collections.Counter()
    if os.path.exists(REAL):
        with open(REAL, newline="", encoding="utf-8") as f:
            r = csv.reader(f)
            next(r)
            for row in r:
                if len(row) != 2 or "," not in row[1]:
                    continue
                slug = row[0].rsplit("/", 1)[-1]
                slug = re.sub(r"-at-.*$", "", slug)  # the title part, before "-at-company"
                slug = "-" + slug + "-"
                hits = [oid for kw, oid in occ_of_keyword if kw in slug]
                for s in row[1].split(","):
                    s = s.strip()
                    if 2 <= len(s) <= 40 and not re.search(r"\d{3,}|years|experience|degree|diploma|license|ability", s, re.I):
                        key = s.lower()
                        casing[key][s] += 1
                        total[key] += 1
                        if hits:
                            mined[hits[0]][key] += 1

    def display(key):
        return canon(casing[key].most_common(1)[0][0]) if key in casing else key

    vocab = {}  # canonical name -> aliases

    def add(name):
        c = canon(name)
        vocab.setdefault(c, set())
        for a in ALIASES.get(c, []):
            vocab[c].add(a)
        return c

    occupations = []
    for o in O:
        weights = collections.Counter()
        for i, s in enumerate(o["skills"]):
            weights[add(s)] += 10.0 - 0.3 * i  # core skills, ordered by importance
        for key, n in mined[o["id"]].most_common(120):
            if n >= 2:
                weights[add(display(key))] += min(6.0, 0.8 * n)
        for s in SOFT:
            weights[add(s)] += 0.6
        occupations.append(dict(id=o["id"], industry=o["industry"], titles=o["titles"], duties=o["duties"],
                                skills=[[k, round(v, 2)] for k, v in weights.most_common()]))
    # The rest of the real vocabulary: frequent real skills not yet placed in any occupation.
    for key, n in total.most_common():
        if n >= 3:
            add(display(key))
    for c in ALIASES:
        add(c)
    skills = [dict(id=slug_id(c), name=c, aliases=sorted(a for a in vocab[c] if a.lower() != c.lower() or a != c))
              for c in sorted(vocab, key=str.lower)]
    seen = set()
    for s in skills:  # unique ids
        base, k = s["id"], 2
        while s["id"] in seen:
            s["id"] = f"{base}_{k}"; k += 1
        seen.add(s["id"])
    data = dict(occupations=occupations, skills=skills, ambiguousPlainUses=AMBIGUOUS_PLAIN,
                countries=[dict(name=c, weight=COUNTRY_WEIGHTS[c], cities=v) for c, v in COUNTRIES.items()],
                foreign=[dict(language=k, **v) for k, v in FOREIGN.items()],
                firstNames=FIRST, lastNames=LAST, companyPrefixes=COMPANY_A, companySuffixes=COMPANY_B,
                education=EDUCATION, levels=LEVELS, types=TYPES, searchPositions=SEARCH_POSITIONS)
    return data


def main():
    data = build()
    occupations, skills = data["occupations"], data["skills"]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert '"""#' not in text
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("// Generated by scripts/taxonomy/build_taxonomy.py — do not edit by hand.\n")
        f.write(f"// {len(occupations)} occupations, {len(skills)} skills.\n")
        f.write("let taxonomyJSON = #\"\"\"\n" + text + "\n\"\"\"#\n")
    print(f"{len(occupations)} occupations, {len(skills)} skills -> {os.path.relpath(OUT, ROOT)} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
