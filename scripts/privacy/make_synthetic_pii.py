"""Writes data/privacy/synthetic_pii.jsonl: for each distinct real resume (in file order), a
header and a footer of personal data as CVs carry it — a name line or fields, contact lines,
addresses, birth dates, a personal-details block with a parent's name, ids — with values from
Faker (names, addresses, phone numbers of ten locales; not from our own lists), and each value
labelled with its kind. `jobmatch audit redaction` puts them around the resume and scores the
redactor. Usage: python scripts/privacy/make_synthetic_pii.py [N [SEED [OUT]]] (needs `pip install faker`).
The committed files: synthetic_pii.jsonl (167, seed 2026: the rules were written looking at it) and
synthetic_pii_heldout.jsonl (167, seed 7: made after the rules were frozen, to check them once).
"""
import json, random, sys
from faker import Faker

LOCALES = ['en_US', 'en_IN', 'en_GB', 'de_DE', 'fr_FR', 'es_ES', 'pt_BR', 'nl_NL', 'it_IT', 'pl_PL']
n = int(sys.argv[1]) if len(sys.argv) > 1 else 167
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
out_path = sys.argv[3] if len(sys.argv) > 3 else "data/privacy/synthetic_pii.jsonl"
rng = random.Random(seed)
Faker.seed(seed)
fakers = {loc: Faker(loc) for loc in LOCALES}
us, india = fakers['en_US'], fakers['en_IN']

def dob_text(d):
    return rng.choice([d.strftime('%d/%m/%Y'), d.strftime('%Y-%m-%d'), d.strftime('%B %d, %Y'), d.strftime('%d %b %Y'),
                       d.strftime('%d-%m-%Y')])

out = []
for i in range(n):
    f = fakers[rng.choice(LOCALES)]
    first, last = f.first_name(), f.last_name()
    name = f'{first} {last}'
    shown = name.upper() if rng.random() < 0.15 else name
    email = f'{first.lower()}.{last.lower()}@example.{rng.choice(["com", "org", "net", "in"])}'.replace(' ', '')
    email = ''.join(c for c in email if c.isascii())
    phone = f.phone_number()
    address = f.address().replace('\n', ', ')
    dob = dob_text(f.date_of_birth(minimum_age=20, maximum_age=64))
    slug = ''.join(c for c in (first + last).lower() if c.isascii() and c.isalnum())
    url = f'linkedin.com/in/{slug}{rng.randint(1, 99)}'
    gender, status = rng.choice(['Male', 'Female']), rng.choice(['Single', 'Married'])
    nationality = rng.choice(['Indian', 'American', 'British', 'German', 'French', 'Spanish', 'Brazilian', 'Dutch', 'Italian', 'Polish'])
    labels = []
    def lab(kind, value): labels.append({'kind': kind, 'value': value})
    layout = rng.randrange(5)
    if layout == 0:    # a name line, then contact lines
        head = f'{shown}\n{email} | {phone}\n{address}\n'
        lab('name', shown); lab('email', email); lab('phone', phone); lab('address', address)
    elif layout == 1:  # fields
        head = f'Name: {shown}\nEmail: {email}\nMobile: {phone}\nAddress: {address}\nDate of Birth: {dob}\n'
        lab('name', shown); lab('email', email); lab('phone', phone); lab('address', address); lab('birth_date', dob)
    elif layout == 2:  # a title line, then the name and a profile
        head = f'CURRICULUM VITAE\n{shown}\nPhone: {phone}  E-mail: {email}\nLinkedIn: {url}\n'
        lab('name', shown); lab('phone', phone); lab('email', email); lab('url', url)
    elif layout == 3:  # contact in one sentence
        head = f'{shown}\nContact me at {email} or {phone}. Based at {address}.\n'
        lab('name', shown); lab('email', email); lab('phone', phone); lab('address', address)
    else:              # no header: everything at the end
        head = ''
    foot = ''
    if layout == 4 or rng.random() < 0.4:  # a personal-details block, as many Indian CVs end
        parent = f'{f.first_name_male()} {last}'
        block = ['PERSONAL DETAILS', f"Father's Name: {parent}", f'Date of Birth: {dob}', f'Gender: {gender}',
                 f'Marital Status: {status}', f'Nationality: {nationality}']
        lab('name', parent)
        if layout != 1: lab('birth_date', dob)
        lab('gender', gender); lab('marital_status', status); lab('nationality', nationality)
        ident = rng.random()
        if ident < 0.3:
            passport = f'{rng.choice("JKLMNPRSTUVWZ")}{rng.randint(1000000, 9999999)}'
            block.append(f'Passport No: {passport}'); lab('national_id', passport)
        elif ident < 0.55:
            pan = india.pystr_format('?????####?').upper()
            block.append(f'PAN: {pan}'); lab('national_id', pan)
        elif ident < 0.75:
            aadhaar = india.aadhaar_id()
            aadhaar = f'{aadhaar[:4]} {aadhaar[4:8]} {aadhaar[8:]}'
            block.append(f'Aadhaar: {aadhaar}'); lab('national_id', aadhaar)
        elif ident < 0.85:
            ssn = us.ssn()
            block.append(f'SSN: {ssn}'); lab('national_id', ssn)
        if layout == 4:
            block.insert(1, f'Name: {shown}'); lab('name', shown)
            block.append(f'Permanent Address: {address}'); lab('address', address)
            block.append(f'Email: {email} Mobile: {phone}'); lab('email', email); lab('phone', phone)
        foot = '\n' + '\n'.join(block) + '\n'
    if rng.random() < 0.5:  # the declaration's signature repeats the name
        foot += f'\nI hereby declare that the above information is true.\nPlace: {f.city()}\n({shown})\n'
    out.append({'resume': i, 'prefix': head, 'suffix': foot, 'pii': labels})

with open(out_path, "w") as fh:
    for o in out: fh.write(json.dumps(o, ensure_ascii=False) + '\n')
print(f'{len(out)} items, {sum(len(o["pii"]) for o in out)} labelled values', file=sys.stderr)
